import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { isLosslessNumber } from 'lossless-json';
import { exactNumberAttribute } from './exact-json';

/**
 * Plain values to DynamoDB attribute values and back, for what the inventory table holds (what
 * @aws-sdk/util-dynamodb's marshall/unmarshall do; that package has no release matching the client's
 * version here): strings S, numbers and bigints N, booleans BOOL, null NULL, arrays L, objects M;
 * undefined is left out, in maps and lists alike, and map keys come back exactly as written. A
 * LosslessNumber (exact-json.ts) keeps its digits.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
 */
export function toAttributeValue(value: unknown): AttributeValue | undefined {
  if (value === undefined) return undefined;
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'boolean':
      return { BOOL: value };
    case 'bigint':
      return { N: value.toString() };
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot store the number ${value} in DynamoDB`);
      return { N: String(value) };
    case 'object':
      if (isLosslessNumber(value)) return exactNumberAttribute(value);
      if (Array.isArray(value)) {
        return { L: value.map(toAttributeValue).filter((v): v is AttributeValue => v !== undefined) };
      }
      return { M: toItem(value as Record<string, unknown>) };
    default:
      throw new TypeError(`cannot store a ${typeof value} in DynamoDB`);
  }
}

export function toItem(record: Record<string, unknown>): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(record)) {
    const converted = toAttributeValue(value);
    if (converted !== undefined) item[name] = converted;
  }
  return item;
}

export function fromAttributeValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.M !== undefined) return fromItem(value.M);
  if (value.L !== undefined) return value.L.map(fromAttributeValue);
  if (value.SS !== undefined) return [...value.SS];
  if (value.NS !== undefined) return value.NS.map(Number);
  if (value.B !== undefined) return Buffer.from(value.B).toString('base64');
  if (value.BS !== undefined) return value.BS.map((b) => Buffer.from(b).toString('base64'));
  return null;
}

export function fromItem(item: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, fromAttributeValue(value)]));
}
