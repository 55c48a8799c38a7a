import { isLosslessNumber } from 'lossless-json';
import { DecodeError } from './errors';
import { describe, isObj } from './read';
import type { ConnectType } from './types';

type JsonType = 'number' | 'string' | 'boolean' | 'object' | 'array';

/**
 * The JSON type JsonConverter writes each Connect type as (apache/kafka, connect/json
 * JsonConverter.convertToJson): integers and floats as numbers, BOOLEAN as a boolean, STRING as a
 * string, BYTES (a Decimal too) as base64 text, ARRAY as an array, STRUCT as an object, MAP as an
 * object, or as an array of [key, value] pairs when its keys are not strings.
 */
const written: Readonly<Record<ConnectType, readonly JsonType[]>> = {
  int8: ['number'],
  int16: ['number'],
  int32: ['number'],
  int64: ['number'],
  float32: ['number'],
  float64: ['number'],
  boolean: ['boolean'],
  string: ['string'],
  bytes: ['string'],
  array: ['array'],
  map: ['object', 'array'],
  struct: ['object'],
};

function jsonType(value: unknown): JsonType | undefined {
  if (isLosslessNumber(value) || typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  if (isObj(value)) return 'object';
  return undefined;
}

/**
 * Refuses a JSON value whose type contradicts the Connect type its schema declares: a string where
 * the schema says int32 is not an integer to be parsed but a record that says two different things,
 * so it is dead-lettered (DECODE_TYPE_MISMATCH) instead of coerced. Null is the caller's concern.
 */
export function requireDeclaredType(value: unknown, declared: ConnectType, what: string): void {
  const actual = jsonType(value);
  if (actual !== undefined && written[declared].includes(actual)) return;
  throw new DecodeError(
    'DECODE_TYPE_MISMATCH',
    `${what}: the schema declares ${declared}, which JSON carries as ${written[declared].join(' or ')}, but the value is ${describe(value)}`,
  );
}
