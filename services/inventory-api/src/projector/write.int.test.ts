import { DeleteTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { silentLog } from '@lakestream/runtime';
import { binlogOrdinal } from '@lakestream/schemas';
import { loadStackConfig, localDynamoDbClient, uniqueName } from '@lakestream/stack';
import { Registry } from 'prom-client';
import { stockKey } from '../items';
import { ensureInventoryTable } from '../table';
import type { StoredItem } from './items';
import { projectorMetrics } from './metrics';
import { itemWriter } from './write';

const stack = loadStackConfig();

describe('itemWriter on DynamoDB Local', () => {
  const dynamo = localDynamoDbClient(stack);
  const table = uniqueName('projector-write');
  const key = stockKey('acme', 'SKU-1', 'WH-1');

  beforeAll(() => ensureInventoryTable(dynamo, table, { log: silentLog }));
  afterAll(async () => {
    await dynamo.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
    dynamo.destroy();
  });

  const stock = (pos: number, revision: number, onHand: number) =>
    ({
      ...key,
      kind: 'stock',
      tenantId: 'acme',
      sourceOrdinal: binlogOrdinal({ file: 'binlog.000001', pos, row: 0 }),
      ...(revision > 0 ? { enrichmentRevision: revision } : {}),
      committedAt: pos,
      sku: 'SKU-1',
      warehouseId: 'WH-1',
      onHand,
      reserved: 0,
      available: onHand,
      reorderPoint: 0,
      updatedAt: pos,
      gsi1pk: 'T#acme#WH#WH-1',
      gsi1sk: onHand,
    }) as unknown as StoredItem;

  const stored = async () =>
    (await dynamo
      .send(
        new GetItemCommand({
          TableName: table,
          Key: { pk: { S: key.pk }, sk: { S: key.sk } },
          ConsistentRead: true,
        }),
      )
      .then((r) => r.Item)) ?? {};

  it('keeps the latest enrichment of the newest change, whatever order the emissions come in', async () => {
    const write = itemWriter({ client: dynamo, table, metrics: projectorMetrics(new Registry()) });
    const outcomes: string[] = [];
    const apply = async (pos: number, revision: number, onHand: number) =>
      outcomes.push(`${pos}/${revision}:${await write('stock', stock(pos, revision, onHand))}`);

    await apply(10, 0, 1); // a change enriched partial
    await apply(10, 1, 2); // its re-emission once the reference arrived
    await apply(10, 0, 1); // the first emission again (a replay)
    await apply(10, 1, 2); // the re-emission again
    await apply(10, 2, 3); // a second re-emission
    await apply(9, 5, 9); // an older change's late re-emission
    await apply(11, 0, 4); // a newer change
    await apply(10, 3, 5); // the older change enriched again, after the newer one
    expect(outcomes).toEqual([
      '10/0:applied',
      '10/1:applied',
      '10/0:stale',
      '10/1:stale',
      '10/2:applied',
      '9/5:stale',
      '11/0:applied',
      '10/3:stale',
    ]);
    const item = await stored();
    expect(item.onHand).toEqual({ N: '4' });
    expect(item.enrichmentRevision).toBeUndefined();
  });

  it('counts an item written before revisions were stored as revision 0', async () => {
    const write = itemWriter({ client: dynamo, table, metrics: projectorMetrics(new Registry()) });
    expect(await write('stock', stock(20, 0, 7))).toBe('applied');
    expect(await write('stock', stock(20, 0, 7))).toBe('stale');
    expect(await write('stock', stock(20, 1, 8))).toBe('applied');
    expect((await stored()).enrichmentRevision).toEqual({ N: '1' });
  });
});
