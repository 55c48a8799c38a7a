import { describeValue } from './avro/describe';
import { ENTITIES, type KeyValues, type Table } from './entities';

/**
 * The canonical key text of a row (README, Canonical key text): its primary-key values in declared key
 * order, joined by `|`, integers in decimal and strings as they are with `\` and `|` escaped as `\\` and
 * `\|`. It is the Kafka message key, so equal keys must give byte-equal text.
 */
export function canonicalKey<T extends Table>(table: T, row: KeyValues<T>): string {
  const { primaryKey, keyTypes } = ENTITIES[table];
  const values = row as Readonly<Record<string, unknown>>;
  return primaryKey
    .map((column, i) => {
      const value = values[column];
      switch (keyTypes[i]) {
        case 'string':
          if (typeof value === 'string') return value.replace(/[\\|]/g, (c) => `\\${c}`);
          break;
        case 'bigint':
          // A schemaless JSON decoder gives a BIGINT below 2^53 as a number; the text is the same.
          if (typeof value === 'bigint' || Number.isSafeInteger(value)) return String(value);
          break;
        case 'number':
          if (Number.isSafeInteger(value)) return String(value);
          break;
      }
      throw new TypeError(
        `${table}.${column} must be a ${keyTypes[i]} for the key, got ${describeValue(value)}`,
      );
    })
    .join('|');
}

/** The primary-key values a canonical key stands for; the inverse of `canonicalKey`. */
export function parseCanonicalKey<T extends Table>(table: T, key: string): KeyValues<T> {
  const { primaryKey, keyTypes } = ENTITIES[table];
  const parts = splitKey(key);
  if (parts.length !== primaryKey.length) {
    throw new Error(
      `${JSON.stringify(key)} has ${parts.length} parts; ${table} keys have ${primaryKey.length}`,
    );
  }
  const values: Record<string, unknown> = {};
  primaryKey.forEach((column, i) => {
    const text = parts[i] ?? '';
    const type = keyTypes[i];
    if (type === 'string') {
      values[column] = text;
    } else if (!CANONICAL_INTEGER.test(text)) {
      throw new Error(`${JSON.stringify(key)}: ${table}.${column} must be an integer in canonical decimal`);
    } else {
      values[column] = type === 'bigint' ? BigInt(text) : toSafeInteger(text, `${table}.${column}`);
    }
  });
  return values as KeyValues<T>;
}

// No sign on zero, no leading zeros, no plus: one text per integer, so parse then render is the identity.
const CANONICAL_INTEGER = /^(0|-?[1-9]\d*)$/;

function toSafeInteger(text: string, what: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} ${text} is beyond a safe integer`);
  return value;
}

/** Splits at unescaped `|` and removes the escapes; a lone `\` is not canonical and is refused. */
function splitKey(key: string): string[] {
  const parts: string[] = [];
  let part = '';
  for (let i = 0; i < key.length; i++) {
    const c = key[i];
    if (c === '|') {
      parts.push(part);
      part = '';
    } else if (c === '\\') {
      const next = key[++i];
      if (next !== '\\' && next !== '|') {
        throw new Error(`${JSON.stringify(key)}: "\\" at ${i - 1} must escape "\\" or "|"`);
      }
      part += next;
    } else {
      part += c;
    }
  }
  parts.push(part);
  return parts;
}
