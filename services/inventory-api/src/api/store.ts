import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { fromItem, toItem } from '../attribute-value';
import { exactJsonFromAttribute } from '../exact-json';
import { type ProductItem, productKey, type StockItem, stockKey, warehouseStockPartition } from '../items';
import { ApiError } from './errors';
import type { ApiMetrics } from './metrics';

export interface StoreOptions {
  dynamo: DynamoDBClient;
  tableName: string;
  indexName: string;
  metrics: ApiMetrics;
  /** Waits before retrying UnprocessedKeys; replaceable so tests need not wait. */
  backoffMs?: (attempt: number) => number;
}

export interface LowStockPage {
  items: StockItem[];
  lastKey?: Record<string, AttributeValue>;
}

/** A tombstone, or an item that is not the tenant's, reads as absent. */
const live = <T extends { tenantId: string; deleted?: boolean }>(tenant: string, item: T | undefined) =>
  item && item.deleted !== true && item.tenantId === tenant ? item : undefined;

const maxUnprocessedRetries = 8;

const outageNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ResourceNotFoundException',
]);

/**
 * A DynamoDB failure the caller can only wait out, as a 503: no answer at all (the SDK's retries
 * exhausted on a refused or timed-out connection), a server fault, throttling, or the table
 * missing (an outage, not the request's fault). Anything else DynamoDB refused is a request this
 * store built wrong, left as it is to become a logged 500.
 */
function asOutage(error: unknown): unknown {
  const e = error as { name?: string; $fault?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (e?.$metadata === undefined) return error;
  const outage =
    e.$metadata.httpStatusCode === undefined || e.$fault === 'server' || outageNames.has(e.name ?? '');
  return outage
    ? new ApiError('UNAVAILABLE', 'DynamoDB is unavailable; retry later', { cause: error })
    : error;
}

/**
 * Reads of the inventory table, always addressed through items.ts keys built from the caller's
 * tenant, so a request can only reach its own tenant's partitions.
 */
export function inventoryStore(options: StoreOptions) {
  const { dynamo, tableName, metrics } = options;
  const backoff = options.backoffMs ?? ((attempt) => Math.min(1000, 25 * 2 ** attempt));

  async function timed<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const end = metrics.dynamoSeconds.startTimer({ operation });
    try {
      const result = await call();
      end({ outcome: 'ok' });
      return result;
    } catch (error) {
      end({ outcome: 'error' });
      throw asOutage(error);
    }
  }

  async function product(tenant: string, sku: string): Promise<ProductItem | undefined> {
    const result = await timed('GetItem', () =>
      dynamo.send(new GetItemCommand({ TableName: tableName, Key: toItem(productKey(tenant, sku)) })),
    );
    return live(tenant, result.Item ? productFromItem(result.Item) : undefined);
  }

  /** Everything in the SKU's partition: the product and its stock in every warehouse. */
  async function skuPartition(tenant: string, sku: string) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await timed('Query', () =>
        dynamo.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': { S: productKey(tenant, sku).pk } },
            ExclusiveStartKey: start,
          }),
        ),
      );
      items.push(...(page.Items ?? []).map(fromItem));
      start = page.LastEvaluatedKey;
    } while (start);
    const product = live(tenant, items.find((item) => item.kind === 'product') as ProductItem | undefined);
    const stock = items
      .filter((item) => item.kind === 'stock')
      .map((item) => live(tenant, item as unknown as StockItem))
      .filter((item): item is StockItem => item !== undefined);
    return { product, stock };
  }

  /** Stock rows for SKU × warehouse pairs with BatchGetItem, 100 keys a call, retrying UnprocessedKeys. */
  async function stockBatch(tenant: string, skus: string[], warehouses: string[]): Promise<StockItem[]> {
    const keys = skus.flatMap((sku) => warehouses.map((wh) => toItem(stockKey(tenant, sku, wh))));
    const found: StockItem[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, AttributeValue>[] | undefined = keys.slice(i, i + 100);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > maxUnprocessedRetries) {
          // DynamoDB leaves keys unprocessed when it throttles: as much an outage as a throttling error.
          throw new ApiError('UNAVAILABLE', 'DynamoDB kept leaving keys unprocessed; retry later');
        }
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
        const batch: Record<string, AttributeValue>[] = pending;
        const result = await timed('BatchGetItem', () =>
          dynamo.send(new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: batch } } })),
        );
        for (const item of result.Responses?.[tableName] ?? []) {
          const stock = live(tenant, fromItem(item) as unknown as StockItem);
          if (stock) found.push(stock);
        }
        pending = result.UnprocessedKeys?.[tableName]?.Keys;
      }
    }
    return found;
  }

  /** One page of the warehouse's stock below a level, from GSI1, tombstones filtered out. */
  async function lowStock(
    tenant: string,
    warehouse: string,
    below: number,
    limit: number,
    start?: Record<string, AttributeValue>,
  ): Promise<LowStockPage> {
    const page = await timed('Query', () =>
      dynamo.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: options.indexName,
          KeyConditionExpression: 'gsi1pk = :wh AND gsi1sk < :below',
          FilterExpression: 'attribute_not_exists(deleted) OR deleted = :false',
          ExpressionAttributeValues: {
            ':wh': { S: warehouseStockPartition(tenant, warehouse) },
            ':below': { N: String(below) },
            ':false': { BOOL: false },
          },
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      ),
    );
    const items = (page.Items ?? [])
      .map((item) => live(tenant, fromItem(item) as unknown as StockItem))
      .filter((item): item is StockItem => item !== undefined);
    return page.LastEvaluatedKey ? { items, lastKey: page.LastEvaluatedKey } : { items };
  }

  async function tableReachable(): Promise<boolean> {
    try {
      await timed('GetItem', () =>
        dynamo.send(
          new GetItemCommand({ TableName: tableName, Key: toItem({ pk: '#ready', sk: '#ready' }) }),
        ),
      );
      return true;
    } catch {
      return false;
    }
  }

  return { product, skuPartition, stockBatch, lowStock, tableReachable };
}

export type InventoryStore = ReturnType<typeof inventoryStore>;

/** A product item with its attributes exactly as the source wrote them (numbers as LosslessNumber). */
function productFromItem(item: Record<string, AttributeValue>): ProductItem {
  const { attributes, ...rest } = item;
  return {
    ...(fromItem(rest) as unknown as ProductItem),
    attributes: attributes ? (exactJsonFromAttribute(attributes) as Record<string, unknown>) : {},
  };
}
