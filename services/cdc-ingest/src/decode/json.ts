import { parse } from 'lossless-json';
import { DecodeError } from './errors';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses JSON without losing a digit: every number becomes a LosslessNumber holding its text, so
 * `ts_ns`, BIGINT ids beyond 2^53 and decimal text survive (JSON.parse would round them silently).
 * Returns undefined for absent or zero-length bytes (a tombstone, INFRA.md).
 */
export function parseJson(bytes: Buffer | string | null, what: string): unknown {
  if (bytes === null || bytes.length === 0) return undefined;
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : utf8.decode(bytes);
  } catch {
    throw new DecodeError('DECODE_NOT_JSON', `${what} is not valid UTF-8`);
  }
  try {
    return parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new DecodeError('DECODE_NOT_JSON', `${what} is not JSON: ${message}`);
  }
}
