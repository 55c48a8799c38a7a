import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { productKey, warehouseStockPartition } from '../items';
import { ApiError } from './errors';

/**
 * The low-stock cursor is GSI1's LastEvaluatedKey as base64url JSON. It is not signed: on decode it
 * must name exactly the partition the request queries (the caller's tenant and warehouse), a stock
 * item of the caller's tenant, and a level inside the query's range, so an edited cursor can only
 * move within the caller's own data, and DynamoDB never sees a start key it would reject.
 */
export function encodeCursor(key: Record<string, AttributeValue>): string {
  const plain = { pk: key.pk?.S, sk: key.sk?.S, gsi1pk: key.gsi1pk?.S, gsi1sk: key.gsi1sk?.N };
  return Buffer.from(JSON.stringify(plain)).toString('base64url');
}

export function decodeCursor(
  cursor: string,
  scope: { tenant: string; warehouse: string; below: number },
): Record<string, AttributeValue> {
  const invalid = () => new ApiError('INVALID_CURSOR', 'cursor is not valid for this request');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { pk, sk, gsi1pk, gsi1sk } = parsed as Record<string, unknown>;
  if (typeof pk !== 'string' || typeof sk !== 'string' || typeof gsi1pk !== 'string') throw invalid();
  if (typeof gsi1sk !== 'string' || !/^-?\d+(\.\d+)?$/.test(gsi1sk)) throw invalid();
  const skuPrefix = productKey(scope.tenant, '').pk;
  if (
    gsi1pk !== warehouseStockPartition(scope.tenant, scope.warehouse) ||
    !pk.startsWith(skuPrefix) ||
    pk.length === skuPrefix.length ||
    !sk.startsWith('STOCK#') ||
    Number(gsi1sk) >= scope.below
  ) {
    throw invalid();
  }
  return { pk: { S: pk }, sk: { S: sk }, gsi1pk: { S: gsi1pk }, gsi1sk: { N: gsi1sk } };
}
