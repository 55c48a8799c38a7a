import { piiKeyring, piiToken, pseudonymise } from './pii';
import { micros } from './testing';

const k1 = { id: 'k1', secret: Buffer.alloc(32, 1), fromMicros: micros('2026-01-01T00:00:00Z') };
const k2 = { id: 'k2', secret: Buffer.alloc(32, 2), fromMicros: micros('2026-07-01T00:00:00Z') };

describe('PII tokens', () => {
  const row = { id: 1n, email: 'Ada@Example.com ', phone: null, first_name: 'Ada', city: 'Berlin' };

  it('replace the PII columns with <keyId>:<base64url HMAC-SHA-256>, leave the rest and nulls', () => {
    const out = pseudonymise(row, ['email', 'phone', 'first_name'], k1, 'acme');
    expect(out.email).toMatch(/^k1:[A-Za-z0-9_-]{43}$/);
    expect(out.first_name).toMatch(/^k1:/);
    expect(out.phone).toBeNull();
    expect(out.city).toBe('Berlin');
    expect(JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toMatch(/Ada/);
    expect(row.email).toBe('Ada@Example.com '); // the input is not changed
  });

  it('join within one key era: the same value (e-mails case-insensitively) gives the same token', () => {
    expect(piiToken(k1, 'acme', 'email', 'ada@example.com')).toBe(
      piiToken(k1, 'acme', 'email', ' ADA@example.COM'),
    );
    // and across tables of one tenant
    expect(piiToken(k1, 'acme', 'contact_email', 'ada@example.com')).toBe(
      piiToken(k1, 'acme', 'email', 'ada@example.com'),
    );
    // never across tenants
    expect(piiToken(k1, 'acme', 'email', 'ada@example.com')).not.toBe(
      piiToken(k1, 'hooli', 'email', 'ada@example.com'),
    );
  });

  it('rotate by the commit time of the change: a new key id starts a new era, replays keep theirs', () => {
    const ring = piiKeyring([k2, k1]);
    expect(ring.keyFor(micros('2026-03-01T00:00:00Z')).id).toBe('k1');
    expect(ring.keyFor(micros('2026-07-01T00:00:00Z')).id).toBe('k2');
    expect(ring.keyFor(micros('2025-01-01T00:00:00Z')).id).toBe('k1'); // before every era: the oldest
    const before = piiToken(ring.keyFor(micros('2026-03-01T00:00:00Z')), 'acme', 'email', 'a@b.c');
    const after = piiToken(ring.keyFor(micros('2026-08-01T00:00:00Z')), 'acme', 'email', 'a@b.c');
    expect(before.startsWith('k1:')).toBe(true);
    expect(after.startsWith('k2:')).toBe(true);
    expect(before.slice(3)).not.toBe(after.slice(3));
  });

  it('refuse weak or ambiguous keyrings', () => {
    expect(() => piiKeyring([])).toThrow(/at least one/);
    expect(() => piiKeyring([k1, { ...k2, id: 'k1' }])).toThrow(/unique/);
    expect(() => piiKeyring([{ ...k1, secret: Buffer.alloc(8) }])).toThrow(/32 bytes/);
    expect(() => piiKeyring([{ ...k1, id: 'has:colon' }])).toThrow(/A-Za-z0-9/);
  });
});
