import { BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConfigError } from '@lakestream/runtime';
import { Registry } from 'prom-client';
import { fromItem, toItem } from '../attribute-value';
import { stockKey, warehouseStockPartition } from '../items';
import { loadApiConfig } from './config';
import { decodeCursor, encodeCursor } from './cursor';
import { ApiError } from './errors';
import { apiMetrics } from './metrics';
import { etagOf, matchesIfNoneMatch } from './read-reply';
import { inventoryStore } from './store';

describe('attribute values', () => {
  it('round-trips maps with arbitrary keys, lists, numbers, booleans and null', () => {
    const value = { 'a.b #c': { x: [1, 'two', true, null] }, n: 1.5, empty: {} };
    expect(fromItem(toItem(value))).toEqual(value);
    expect(fromItem({ s: { SS: ['a'] }, n: { NS: ['1', '2'] } })).toEqual({ s: ['a'], n: [1, 2] });
  });
});

describe('loadApiConfig', () => {
  const keys = 'abcdefghijklmnop=t1,qrstuvwxyz012345=t2';

  it('parses API keys into a map and applies defaults', () => {
    const config = loadApiConfig({ API_KEYS: keys });
    expect([...config.API_KEYS]).toEqual([
      ['abcdefghijklmnop', 't1'],
      ['qrstuvwxyz012345', 't2'],
    ]);
    expect(config).toMatchObject({
      HTTP_PORT: 8080,
      DYNAMODB_TABLE: 'lakestream-inventory',
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      INVENTORY_TOPIC: 'lakestream.changes.inventory',
    });
  });

  it.each([
    [{}, 'API_KEYS'],
    [{ API_KEYS: 'short=t1' }, 'API_KEYS'],
    [{ API_KEYS: 'abcdefghijklmnop=t1,abcdefghijklmnop=t2' }, 'API_KEYS'],
    [{ API_KEYS: 'abcdefghijklmnop' }, 'API_KEYS'],
    [{ API_KEYS: keys, DYNAMODB_ENDPOINT: 'not a url' }, 'DYNAMODB_ENDPOINT'],
    [{ API_KEYS: keys, LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ API_KEYS: keys, KAFKA_BROKERS: 'broker-without-port' }, 'KAFKA_BROKERS'],
    [{ API_KEYS: keys, SCHEMA_REGISTRY_URL: 'registry' }, 'SCHEMA_REGISTRY_URL'],
  ])('refuses %j naming %s', (env, name) => {
    try {
      loadApiConfig(env);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems[0]).toMatch(new RegExp(`^${name}: `));
    }
  });
});

describe('low-stock cursor', () => {
  const key = toItem({
    ...stockKey('t1', 'SKU-1', 'WH-1'),
    gsi1pk: warehouseStockPartition('t1', 'WH-1'),
    gsi1sk: 4,
  });
  const scope = { tenant: 't1', warehouse: 'WH-1', below: 10 };

  it('decodes what it encoded, for the same tenant, warehouse and range', () => {
    expect(decodeCursor(encodeCursor(key), scope)).toEqual(key);
  });

  it.each([
    ['another tenant', { ...scope, tenant: 't2' }],
    ['another warehouse', { ...scope, warehouse: 'WH-2' }],
    ['a level outside the range', { ...scope, below: 4 }],
  ])('refuses a cursor for %s', (_name, other) => {
    expect(() => decodeCursor(encodeCursor(key), other)).toThrow(ApiError);
  });

  it.each([
    '',
    'e30',
    '!!!',
    Buffer.from('[1]').toString('base64url'),
    Buffer.from('null').toString('base64url'),
  ])('refuses garbage %j', (cursor) => {
    expect(() => decodeCursor(cursor, scope)).toThrow(ApiError);
  });
});

describe('ETags', () => {
  it('match in lists, weakly, and with *', () => {
    const tag = etagOf({ a: 1 });
    expect(tag).not.toBe(etagOf({ a: 2 }));
    expect(matchesIfNoneMatch(`"x", W/${tag}`, tag)).toBe(true);
    expect(matchesIfNoneMatch('*', tag)).toBe(true);
    expect(matchesIfNoneMatch('"x"', tag)).toBe(false);
    expect(matchesIfNoneMatch(undefined, tag)).toBe(false);
  });
});

describe('stockBatch', () => {
  it('retries UnprocessedKeys until every key is read, 100 keys a call', async () => {
    const calls: number[] = [];
    const dynamo = {
      send: async (command: BatchGetItemCommand) => {
        expect(command).toBeInstanceOf(BatchGetItemCommand);
        const keys = command.input.RequestItems?.table?.Keys ?? [];
        calls.push(keys.length);
        // The first call of each batch leaves half its keys unprocessed.
        const [done, left] =
          calls.length % 2 === 1 ? [keys.slice(0, keys.length / 2), keys.slice(keys.length / 2)] : [keys, []];
        return {
          Responses: {
            table: done.map((k) => {
              const pk = fromItem(k).pk as string;
              const sku = pk.split('#SKU#')[1] as string;
              return toItem({
                ...fromItem(k),
                kind: 'stock',
                tenantId: 't1',
                sku,
                warehouseId: 'WH-1',
                available: 1,
              });
            }),
          },
          UnprocessedKeys: left.length > 0 ? { table: { Keys: left } } : {},
        };
      },
    } as unknown as DynamoDBClient;
    const store = inventoryStore({
      dynamo,
      tableName: 'table',
      indexName: 'gsi',
      metrics: apiMetrics(new Registry()),
      backoffMs: () => 0,
    });
    const skus = Array.from({ length: 150 }, (_, i) => `S-${i}`);
    const found = await store.stockBatch('t1', skus, ['WH-1']);
    expect(calls).toEqual([100, 50, 50, 25]);
    expect(found.map((s) => s.sku).sort()).toEqual([...skus].sort());
  });
});
