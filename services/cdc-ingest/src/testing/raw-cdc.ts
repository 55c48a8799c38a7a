/**
 * Debezium JSON envelopes (payload only, as with `schemas.enable=false`) for tests that need to
 * produce raw CDC records faster or stranger than a real connector would. Shape as in the captured
 * fixtures under test-fixtures/debezium-json.
 */
export interface TenantChange {
  op: 'c' | 'u' | 'd';
  tenantId: string;
  name: string;
  /** Binlog position: strictly increasing across a stream. */
  pos: number;
  committedAtMs: number;
}

export function tenantEnvelope(prefix: string, change: TenantChange): { key: string; value: string } {
  const iso = new Date(change.committedAtMs).toISOString();
  const row = { tenant_id: change.tenantId, name: change.name, created_at: iso, updated_at: iso };
  const envelope = {
    before: change.op === 'c' ? null : { ...row, name: `${change.name} (before)` },
    after: change.op === 'd' ? null : row,
    source: {
      version: '3.5.0.Final',
      connector: 'mariadb',
      name: prefix,
      ts_ms: change.committedAtMs,
      snapshot: null,
      db: 'globalmart',
      table: 'tenants',
      server_id: 1,
      gtid: `0-1-${change.pos}`,
      file: 'binlog.000001',
      pos: change.pos,
      row: 0,
    },
    op: change.op,
    ts_ms: change.committedAtMs,
  };
  return { key: JSON.stringify({ tenant_id: change.tenantId }), value: JSON.stringify(envelope) };
}

/** Records that must each land in the dead-letter topic, one kind after another. */
export function poisonRecords(
  prefix: string,
  count: number,
  now: number,
): { key: string | null; value: string; kind: string }[] {
  const kinds = [
    () => ({ key: null, value: 'this is not json {', kind: 'not-json' }),
    () => ({ key: null, value: JSON.stringify({ hello: 'world' }), kind: 'unknown-envelope' }),
    (i: number) => {
      const { key, value } = tenantEnvelope(prefix, {
        op: 'c',
        tenantId: `BAD TENANT ${i}`,
        name: 'x',
        pos: 1,
        committedAtMs: now,
      });
      return { key, value, kind: 'quality' };
    },
    (i: number) => {
      const { key, value } = tenantEnvelope(prefix, {
        op: 'c',
        tenantId: `ok-${i}`,
        name: 'x',
        pos: 1,
        committedAtMs: now,
      });
      return {
        key,
        value: value.replace('"table":"tenants"', '"table":"no_such_table"'),
        kind: 'unknown-table',
      };
    },
    (i: number) => {
      const { key, value } = tenantEnvelope(prefix, {
        op: 'c',
        tenantId: `ok-${i}`,
        name: 'x',
        pos: 1,
        committedAtMs: now,
      });
      return { key, value: value.replace('"op":"c"', '"op":"x"'), kind: 'bad-op' };
    },
  ];
  return Array.from({ length: count }, (_, i) => {
    const make = kinds[i % kinds.length];
    if (!make) throw new Error('unreachable');
    return make(i);
  });
}

/** A product insert as Debezium JSON without schema (DECIMAL as base64 unscaled bytes, as captured). */
export function productEnvelope(
  prefix: string,
  change: { sku: string; pos: number; committedAtMs: number; attributes: string },
): { key: string; value: string } {
  const iso = new Date(change.committedAtMs).toISOString();
  const row = {
    sku: change.sku,
    tenant_id: 'acme',
    vendor_id: 1,
    name: `Product ${change.sku}`,
    category: 'Furniture',
    subcategory: 'Chairs',
    brand: 'Zzz',
    list_price_usd: 'Aw0/', // 1999.99
    unit_cost_usd: 'AQ==', // 0.01
    attributes: change.attributes,
    active: 1,
    created_at: iso,
    updated_at: iso,
  };
  const envelope = {
    before: null,
    after: row,
    source: {
      version: '3.5.0.Final',
      connector: 'mariadb',
      name: prefix,
      ts_ms: change.committedAtMs,
      snapshot: null,
      db: 'globalmart',
      table: 'products',
      server_id: 1,
      gtid: `0-1-${change.pos}`,
      file: 'binlog.000001',
      pos: change.pos,
      row: 0,
    },
    op: 'c',
    ts_ms: change.committedAtMs,
  };
  return { key: JSON.stringify({ sku: change.sku }), value: JSON.stringify(envelope) };
}
