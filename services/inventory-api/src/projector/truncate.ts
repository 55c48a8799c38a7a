import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { keyPartition } from '@lakestream/kafka';
import { canonicalKey } from '@lakestream/schemas';
import type { ItemKey, ItemKind, ProjectedTable, Tombstone } from './items';

/** What a truncate needs of an item to decide whether it goes: its keys, tenant and source key. */
export interface LiveItem extends ItemKey {
  tenantId: string;
  sku?: string;
  warehouseId?: string;
}

/** The source's canonical key of an item: what cdc-ingest keyed the change by. */
export function sourceKeyOf(table: ProjectedTable, item: LiveItem): string | undefined {
  const sku = item.sku;
  const warehouse = item.warehouseId;
  switch (table) {
    case 'products':
      return sku === undefined ? undefined : canonicalKey('products', { sku });
    case 'warehouses':
      return warehouse === undefined ? undefined : canonicalKey('warehouses', { warehouse_id: warehouse });
    case 'inventory':
      return sku === undefined || warehouse === undefined
        ? undefined
        : canonicalKey('inventory', { sku, warehouse_id: warehouse });
  }
}

export interface TruncateOnPartition {
  table: ProjectedTable;
  kind: ItemKind;
  ordinal: string;
  committedAt: number;
  partition: number;
  partitions: number;
  /** Epoch seconds after which DynamoDB's TTL may remove the tombstones. */
  expiresAt: number;
}

/**
 * The tombstones a truncate leaves on one partition: one for each live item whose source key that
 * partition holds. Keys of other partitions are left to their own partition's truncate, which comes
 * after every earlier change of theirs; the write's ordinal condition spares anything newer.
 */
export function truncateTombstones(items: readonly LiveItem[], truncate: TruncateOnPartition): Tombstone[] {
  return items.flatMap((item) => {
    const key = sourceKeyOf(truncate.table, item);
    if (key === undefined || keyPartition(key, truncate.partitions) !== truncate.partition) return [];
    return [
      {
        pk: item.pk,
        sk: item.sk,
        kind: truncate.kind,
        tenantId: item.tenantId,
        sourceOrdinal: truncate.ordinal,
        committedAt: truncate.committedAt,
        deleted: true,
        expiresAt: truncate.expiresAt,
      },
    ];
  });
}

/**
 * Every live item of a kind older than the truncate, read with a paginated Scan. A truncate is rare
 * and spans every tenant, so a scan (not a query per tenant) is the honest cost of it.
 */
export async function* liveItemsOlderThan(
  client: DynamoDBClient,
  table: string,
  kind: ItemKind,
  ordinal: string,
): AsyncGenerator<LiveItem[]> {
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'kind = :k AND sourceOrdinal < :o AND attribute_not_exists(deleted)',
        ProjectionExpression: 'pk, sk, tenantId, sku, warehouseId',
        ExpressionAttributeValues: { ':k': { S: kind }, ':o': { S: ordinal } },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    yield (page.Items ?? []).map((item) => ({
      pk: item.pk?.S ?? '',
      sk: item.sk?.S ?? '',
      tenantId: item.tenantId?.S ?? '',
      ...(item.sku?.S !== undefined ? { sku: item.sku.S } : {}),
      ...(item.warehouseId?.S !== undefined ? { warehouseId: item.warehouseId.S } : {}),
    }));
    start = page.LastEvaluatedKey;
  } while (start);
}

/**
 * Where the projector keeps, per table and partition, the ordinal of the last truncate it applied: a
 * change older than it that arrives afterwards (read from another raw partition than the truncate)
 * must not bring a row back. Its own pk, which no API route ever reads.
 */
export const truncateMarkerKey = (table: ProjectedTable, partition: number) => ({
  pk: `TRUNCATE#${table}`,
  sk: `P#${partition}`,
});

/** The ordinal of the last truncate applied on a partition ('' when none). */
export async function truncatedBefore(
  client: DynamoDBClient,
  tableName: string,
  table: ProjectedTable,
  partition: number,
): Promise<string> {
  const key = truncateMarkerKey(table, partition);
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { pk: { S: key.pk }, sk: { S: key.sk } },
      ConsistentRead: true,
    }),
  );
  return Item?.sourceOrdinal?.S ?? '';
}

/** Records a truncate's ordinal for its partition, unless a newer one is there already. */
export async function recordTruncate(
  client: DynamoDBClient,
  tableName: string,
  table: ProjectedTable,
  partition: number,
  ordinal: string,
): Promise<void> {
  const key = truncateMarkerKey(table, partition);
  try {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: key.pk },
          sk: { S: key.sk },
          kind: { S: 'truncate' },
          sourceOrdinal: { S: ordinal },
        },
        ConditionExpression: 'attribute_not_exists(pk) OR sourceOrdinal < :o',
        ExpressionAttributeValues: { ':o': { S: ordinal } },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
