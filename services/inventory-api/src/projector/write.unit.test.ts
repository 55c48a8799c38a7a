import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  ProvisionedThroughputExceededException,
  type PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { Registry } from 'prom-client';
import { toAttributeValue, toItem } from '../attribute-value';
import { applyPerKey } from './batch';
import type { StoredItem } from './items';
import { projectorMetrics } from './metrics';
import {
  compareProvenance,
  itemWriter,
  newerThanStored,
  retryReason,
  WriteAbortedError,
  WriteRefusedError,
} from './write';

const meta = { $metadata: {} };
const throttled = () => new ProvisionedThroughputExceededException({ message: 'slow down', ...meta });

function fakeClient(outcomes: (Error | undefined)[]) {
  const sent: PutItemCommand[] = [];
  const client = {
    send: async (command: PutItemCommand) => {
      sent.push(command);
      const outcome = outcomes.shift();
      if (outcome) throw outcome;
      return {};
    },
  } as unknown as DynamoDBClient;
  return { client, sent };
}

const item = {
  pk: 'T#a#WH#W1',
  sk: 'WAREHOUSE',
  kind: 'warehouse',
  tenantId: 'a',
  sourceOrdinal: 'b:0000000003:00000000000000000042:000000',
  committedAt: 1,
  warehouseId: 'W1',
  name: 'Main',
  marketId: 'US',
  city: 'Fresno',
  countryCode: 'US',
} as StoredItem;

async function counter(registry: Registry, outcome: string) {
  const metric = (await registry.getMetricsAsJSON()).find(
    (m) => m.name === 'lakestream_projector_writes_total',
  );
  return (metric?.values ?? []).find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

describe('itemWriter', () => {
  it('writes conditionally on the source ordinal', async () => {
    const registry = new Registry();
    const { client, sent } = fakeClient([undefined]);
    const write = itemWriter({ client, table: 't', metrics: projectorMetrics(registry) });
    expect(await write('warehouse', item)).toBe('applied');
    expect(sent[0]?.input).toMatchObject({
      TableName: 't',
      ConditionExpression: 'attribute_not_exists(pk) OR sourceOrdinal < :o',
      ExpressionAttributeValues: { ':o': { S: item.sourceOrdinal } },
      Item: { pk: { S: 'T#a#WH#W1' }, committedAt: { N: '1' } },
    });
    expect(await counter(registry, 'applied')).toBe(1);
  });

  it('orders a re-emission by (ordinal, revision): same ordinal, a higher revision wins', () => {
    const ordinal = item.sourceOrdinal;
    expect(newerThanStored({ sourceOrdinal: ordinal })).toEqual({
      ConditionExpression: 'attribute_not_exists(pk) OR sourceOrdinal < :o',
      ExpressionAttributeValues: { ':o': { S: ordinal } },
    });
    expect(newerThanStored({ sourceOrdinal: ordinal, enrichmentRevision: 2 })).toEqual({
      ConditionExpression:
        'attribute_not_exists(pk) OR sourceOrdinal < :o OR (sourceOrdinal = :o AND ' +
        '(attribute_not_exists(enrichmentRevision) OR enrichmentRevision < :r))',
      ExpressionAttributeValues: { ':o': { S: ordinal }, ':r': { N: '2' } },
    });
  });

  it('counts a failed condition as stale', async () => {
    const registry = new Registry();
    const { client } = fakeClient([new ConditionalCheckFailedException({ message: 'no', ...meta })]);
    const write = itemWriter({ client, table: 't', metrics: projectorMetrics(registry) });
    expect(await write('warehouse', item)).toBe('stale');
    expect(await counter(registry, 'stale')).toBe(1);
  });

  it('retries throttling and 5xx with growing, jittered delays until it succeeds', async () => {
    const registry = new Registry();
    const serverError = Object.assign(new Error('boom'), { name: 'InternalServerError' });
    const { client, sent } = fakeClient([throttled(), throttled(), serverError, undefined]);
    const delays: number[] = [];
    let heartbeats = 0;
    const write = itemWriter({
      client,
      table: 't',
      metrics: projectorMetrics(registry),
      baseDelayMs: 100,
      sleep: async (ms) => void delays.push(ms),
      random: () => 0.5,
    });
    const outcome = await write('warehouse', item, { onRetry: async () => void heartbeats++ });
    expect(outcome).toBe('applied');
    expect(sent).toHaveLength(4);
    expect(delays).toEqual([50, 100, 200]);
    expect(heartbeats).toBe(3);
    expect(await counter(registry, 'throttled_retry')).toBe(2);
    expect(await counter(registry, 'error_retry')).toBe(1);
  });

  it('gives up a retry only when told to stop, and throws errors that retrying cannot fix', async () => {
    const stopping = fakeClient([throttled()]);
    const write = itemWriter({
      client: stopping.client,
      table: 't',
      metrics: projectorMetrics(new Registry()),
    });
    await expect(write('warehouse', item, { keepGoing: () => false })).rejects.toBeInstanceOf(
      WriteAbortedError,
    );
    const invalid = fakeClient([
      Object.assign(new Error('bad item'), {
        name: 'ValidationException',
        $metadata: { httpStatusCode: 400 },
      }),
    ]);
    const write2 = itemWriter({
      client: invalid.client,
      table: 't',
      metrics: projectorMetrics(new Registry()),
    });
    await expect(write2('warehouse', item)).rejects.toThrow('bad item');
  });

  it('refuses an item DynamoDB rejects for what it holds, counting it, without retrying', async () => {
    const registry = new Registry();
    const tooBig = fakeClient([
      Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
        name: 'ValidationException',
        $metadata: { httpStatusCode: 400 },
      }),
    ]);
    const write = itemWriter({ client: tooBig.client, table: 't', metrics: projectorMetrics(registry) });
    const refused = await write('warehouse', item).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WriteRefusedError);
    expect((refused as WriteRefusedError).reason).toMatch(/ValidationException: Item size has exceeded/);
    expect(tooBig.sent).toHaveLength(1);
    expect(await counter(registry, 'refused')).toBe(1);
  });

  it('refuses an item that cannot be marshalled before sending anything', async () => {
    const { client, sent } = fakeClient([]);
    const write = itemWriter({ client, table: 't', metrics: projectorMetrics(new Registry()) });
    const bad = { ...item, committedAt: Number.POSITIVE_INFINITY } as StoredItem;
    await expect(write('warehouse', bad)).rejects.toBeInstanceOf(WriteRefusedError);
    expect(sent).toHaveLength(0);
  });

  it('retries what is the environment’s fault (a missing table, denied access) instead of dead-lettering', async () => {
    const registry = new Registry();
    const missing = Object.assign(new Error('Requested resource not found'), {
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
    const { client, sent } = fakeClient([missing, missing, undefined]);
    const write = itemWriter({
      client,
      table: 't',
      metrics: projectorMetrics(registry),
      sleep: async () => undefined,
    });
    expect(await write('warehouse', item)).toBe('applied');
    expect(sent).toHaveLength(3);
    expect(await counter(registry, 'error_retry')).toBe(2);
  });

  it('classifies retryable errors', () => {
    expect(retryReason(throttled())).toBe('throttled');
    expect(retryReason({ name: 'X', $metadata: { httpStatusCode: 503 } })).toBe('transient');
    expect(retryReason(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('transient');
    expect(retryReason(new Error('x'))).toBeUndefined();
    expect(retryReason({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } })).toBe(
      'environment',
    );
    expect(retryReason({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } })).toBeUndefined();
  });
});

describe('toItem', () => {
  it('converts nested values and drops undefined', () => {
    expect(
      toItem({ a: 'x', n: 1.5, b: 2n, t: true, z: null, u: undefined, l: [1, undefined, 'y'], m: { k: {} } }),
    ).toEqual({
      a: { S: 'x' },
      n: { N: '1.5' },
      b: { N: '2' },
      t: { BOOL: true },
      z: { NULL: true },
      l: { L: [{ N: '1' }, { S: 'y' }] },
      m: { M: { k: { M: {} } } },
    });
    expect(() => toAttributeValue(Number.NaN)).toThrow(TypeError);
  });
});

describe('applyPerKey', () => {
  it('keeps the order within a key and runs keys concurrently', async () => {
    const log: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const items = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3'];
    await applyPerKey(
      items,
      (i) => i.charAt(0),
      2,
      async (i) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, i.startsWith('a') ? 5 : 1));
        log.push(i);
        inFlight--;
      },
    );
    expect(log.filter((i) => i.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(log.filter((i) => i.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(log).toHaveLength(6);
    expect(maxInFlight).toBe(2);
  });

  it('stops a key at its first failure, finishes the other keys, then throws', async () => {
    const done: string[] = [];
    await expect(
      applyPerKey(
        ['a1', 'a2', 'b1'],
        (i) => i.charAt(0),
        4,
        async (i) => {
          if (i === 'a1') throw new Error('a1 failed');
          done.push(i);
        },
      ),
    ).rejects.toThrow('a1 failed');
    expect(done).toEqual(['b1']);
  });
});

describe('compareProvenance', () => {
  it('orders by source ordinal, then by enrichment revision (none counts as 0), as the condition does', () => {
    const at = (sourceOrdinal: string, enrichmentRevision?: number) => ({
      sourceOrdinal,
      ...(enrichmentRevision === undefined ? {} : { enrichmentRevision }),
    });
    expect(compareProvenance(at('0002'), at('0001'))).toBeGreaterThan(0);
    expect(compareProvenance(at('0001'), at('0002'))).toBeLessThan(0);
    expect(compareProvenance(at('0001', 2), at('0001', 1))).toBeGreaterThan(0);
    expect(compareProvenance(at('0001', 1), at('0001'))).toBeGreaterThan(0);
    expect(compareProvenance(at('0001'), at('0001', 0))).toBe(0);
    expect(compareProvenance(at('0001', 9), at('0002'))).toBeLessThan(0);
  });
});
