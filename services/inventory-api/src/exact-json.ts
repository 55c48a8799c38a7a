import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { isLosslessNumber, LosslessNumber, parse } from 'lossless-json';

/**
 * The products' free-form JSON attributes as DynamoDB attribute values and back, losing nothing.
 *
 * DynamoDB numbers hold at most 38 significant digits between 1E-130 and 9.99…E+125
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html),
 * and a map key may not be empty. JSON has neither limit, and `JSON.parse` rounds integers past 2^53.
 * So numbers are parsed as their text (lossless-json); one DynamoDB can hold is stored as N with that
 * text, any other as the marker map `{"$n": "<text>"}`. Map keys are escaped so the marker can never be
 * a real key: `""` → `"$"`, `"$x"` → `"$$x"`; every other key is stored as it is.
 */

const MARKER = '$n';
const MAX_DIGITS = 38;
const MIN_EXPONENT = -130;
const MAX_EXPONENT = 125;

/** Whether DynamoDB can store this JSON number text exactly as N. */
export function dynamoCanHold(text: string): boolean {
  const match = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) return false;
  const [, whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits === '') return true; // zero, however it is written
  const significant = digits.replace(/0+$/, '');
  if (significant.length > MAX_DIGITS) return false;
  // The power of ten of the leading significant digit.
  const leading =
    whole.replace(/^0+/, '').length > 0
      ? whole.replace(/^0+/, '').length - 1
      : -(fraction.length - fraction.replace(/^0+/, '').length) - 1;
  const magnitude = leading + Number(exponent);
  return magnitude >= MIN_EXPONENT && magnitude <= MAX_EXPONENT;
}

export const escapeKey = (key: string) => (key === '' ? '$' : key.startsWith('$') ? `$${key}` : key);
export const unescapeKey = (key: string) => (key === '$' ? '' : key.startsWith('$$') ? key.slice(1) : key);

/** JSON text → a value whose numbers are LosslessNumber and whose object keys are escaped. */
export function parseExactJson(text: string): unknown {
  return escapeKeys(parse(text));
}

function escapeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(escapeKeys);
  if (value !== null && typeof value === 'object' && !isLosslessNumber(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeKey(k), escapeKeys(v)]));
  }
  return value;
}

/** A LosslessNumber as DynamoDB keeps it: N when it fits, else the marker map with the exact text. */
export function exactNumberAttribute(number: LosslessNumber): AttributeValue {
  return dynamoCanHold(number.value) ? { N: number.value } : { M: { [MARKER]: { S: number.value } } };
}

/**
 * An attribute value read back → plain JSON values with numbers as LosslessNumber (so a serializer
 * that knows them writes their digits as they are) and keys unescaped.
 */
export function exactJsonFromAttribute(value: AttributeValue): unknown {
  if (value.N !== undefined) return new LosslessNumber(value.N);
  if (value.S !== undefined) return value.S;
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.L !== undefined) return value.L.map(exactJsonFromAttribute);
  if (value.M !== undefined) {
    const entries = Object.entries(value.M);
    const [only] = entries;
    if (entries.length === 1 && only?.[0] === MARKER && only[1].S !== undefined) {
      return new LosslessNumber(only[1].S);
    }
    return Object.fromEntries(entries.map(([k, v]) => [unescapeKey(k), exactJsonFromAttribute(v)]));
  }
  return null;
}
