import { createHmac } from 'node:crypto';
import { EMAIL_COLUMNS } from '@lakestream/schemas';

/** One HMAC key and the era it serves: changes committed at or after `fromMicros` (until the next key). */
export interface PiiKey {
  readonly id: string;
  readonly secret: Buffer;
  /** Start of the era, epoch µs of the source commit time. */
  readonly fromMicros: bigint;
}

/**
 * The keys by era. A change is tokenised with the key whose era holds its source commit time, not the
 * key current when it is processed: a replay then makes the same tokens, and every record committed
 * in one era joins with every other on its tokens. Rotating = adding a key with a later `from`.
 */
export interface PiiKeyring {
  keyFor(committedAtMicros: bigint): PiiKey;
}

export function piiKeyring(keys: readonly PiiKey[]): PiiKeyring {
  if (keys.length === 0) throw new Error('at least one PII key is needed');
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new Error('PII key ids must be unique');
  for (const key of keys) {
    if (!/^[A-Za-z0-9._-]{1,32}$/.test(key.id))
      throw new Error(`PII key id ${JSON.stringify(key.id)}: 1-32 of A-Za-z0-9._-`);
    if (key.secret.length < 32) throw new Error(`PII key ${key.id}: the secret needs at least 32 bytes`);
  }
  const byEra = [...keys].sort((a, b) =>
    a.fromMicros < b.fromMicros ? -1 : a.fromMicros > b.fromMicros ? 1 : 0,
  );
  const first = byEra[0] as PiiKey;
  return {
    keyFor(committedAt) {
      let found = first; // before the first era: the oldest key, so no change goes untokenised
      for (const key of byEra) if (key.fromMicros <= committedAt) found = key;
      return found;
    },
  };
}

/**
 * `<keyId>:<base64url HMAC-SHA-256>` of the value within its tenant. The tenant is part of the message,
 * so one person's e-mail in two tenants gives two unrelated tokens (tenants never mix); the column is
 * not, so an e-mail joins across tables of one tenant. E-mails compare case-insensitively; every value
 * is trimmed and NFC-normalised, so the same text typed twice gives one token.
 */
export function piiToken(key: PiiKey, tenantId: string, column: string, value: string): string {
  let normal = value.trim().normalize('NFC');
  if (EMAIL_COLUMNS.has(column)) normal = normal.toLowerCase();
  const mac = createHmac('sha256', key.secret)
    .update(tenantId)
    .update('\u0000')
    .update(normal)
    .digest('base64url');
  return `${key.id}:${mac}`;
}

/** The row with its PII columns as tokens (nulls stay null); the input row is not changed. */
export function pseudonymise(
  row: Record<string, unknown>,
  columns: readonly string[],
  key: PiiKey,
  tenantId: string,
): Record<string, unknown> {
  if (columns.length === 0) return row;
  const out = { ...row };
  for (const column of columns) {
    const value = row[column];
    if (typeof value === 'string') out[column] = piiToken(key, tenantId, column, value);
  }
  return out;
}
