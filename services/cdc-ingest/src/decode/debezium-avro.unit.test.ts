import { type DebeziumAvroOptions, decodeDebeziumAvro } from './debezium-avro';
import { avroFixture } from './testing/fixtures';
import { tables } from './testing/globalmart';
import type { BinlogPosition, DecodedChange, DecodeResult } from './types';

// Records captured from Debezium 3.5.0.Final on the local stack (test-fixtures/capture): what the
// connector really emits, decoded by the project's registry client.
const options: DebeziumAvroOptions = { topicPrefix: 'globalmart', tables };
const decode = (name: string, opts: DebeziumAvroOptions = options) =>
  decodeDebeziumAvro(avroFixture(name), opts);

function change(result: DecodeResult): DecodedChange {
  if (result.kind !== 'change')
    throw new Error(
      `expected a change, got ${JSON.stringify(result, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
    );
  return result;
}
const binlog = (c: DecodedChange) => c.position as BinlogPosition;
const ms = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, milli = 0) =>
  Date.UTC(y, mo - 1, d, h, mi, s, milli);
/** Row times are epoch µs (libs/schemas README, Row values). */
const us = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, milli = 0, micro = 0) =>
  BigInt(ms(y, mo, d, h, mi, s, milli)) * 1000n + BigInt(micro);

describe('decodeDebeziumAvro on captured Debezium 3.5 records', () => {
  it('decodes an insert: negative DECIMAL, NULL DATETIMEs, ENUM, TIMESTAMP, BIGINT as bigint', () => {
    const c = change(decode('orders.01.c.json'));
    expect(c).toMatchObject({ table: 'orders', op: 'c', key: { id: 8001n }, before: null, warnings: [] });
    expect(c.after).toEqual({
      id: 8001n,
      tenant_id: 'acme',
      customer_id: 3n,
      market_id: 'MX-NLE',
      warehouse_id: 'ACME-WH-MX-MEX-01',
      status: 'pending',
      currency: 'MXN',
      total_amount: '-1234567890.12',
      ordered_at: us(2026, 11, 24, 10, 15, 30, 123),
      shipped_at: null,
      delivered_at: null,
      created_at: us(2026, 11, 24, 10, 15, 30, 456),
      updated_at: us(2026, 11, 24, 10, 15, 30, 456),
    });
  });

  it('keeps the binlog position, GTID and commit time of a streamed change', () => {
    const c = change(decode('orders.01.c.json'));
    expect(c.position).toEqual({
      source: 'binlog',
      file: 'binlog.000002',
      pos: 4788n,
      row: 0,
      gtid: '0-1-145',
      txId: '0-1-145',
      snapshot: false,
      snapshotMarker: null,
      serverId: 1n,
      sourceTsMs: 1795426104000,
      sourceTsUs: 1795426104000000n,
      sourceTsNs: 1795426104000000000n,
      commitTimeFrom: 'source',
    });
    expect(c.database).toBe('globalmart');
    // MariaDB binlog events carry whole seconds: the commit time has no milliseconds.
    expect(c.committedAtUs).toBe(1795426104000000n);
    // The envelope's ts_ns (processing time) is beyond 2^53 and survives to the nanosecond.
    expect(c.emittedAtNs).toBe(1795426104777364394n);
  });

  it('decodes updates setting a DATETIME and back to NULL, and a decimal of zero and -0.05', () => {
    const u1 = change(decode('orders.02.u.json'));
    expect(u1.before).toMatchObject({ shipped_at: null, total_amount: '-1234567890.12', status: 'pending' });
    expect(u1.after).toMatchObject({
      shipped_at: us(2026, 11, 25, 8, 0, 0, 1),
      total_amount: '0.00',
      status: 'shipped',
    });
    const u2 = change(decode('orders.03.u.json'));
    expect(u2.after).toMatchObject({
      shipped_at: null,
      total_amount: '-0.05',
      updated_at: us(2026, 11, 25, 9),
    });
  });

  it('decodes a delete (before only) and its tombstone', () => {
    const d = change(decode('orders.04.d.json'));
    expect(d).toMatchObject({ op: 'd', after: null, key: { id: 8001n } });
    expect(d.before).toMatchObject({ id: 8001n, total_amount: '-0.05' });
    expect(decode('orders.05.tombstone.json')).toEqual({
      kind: 'tombstone',
      table: 'orders',
      key: { id: 8001n },
    });
  });

  it('treats a zero-length value as a tombstone too', () => {
    const record = { ...avroFixture('orders.05.tombstone.json'), value: Buffer.alloc(0) };
    expect(decodeDebeziumAvro(record, options)).toMatchObject({ kind: 'tombstone', key: { id: 8001n } });
  });

  it('keeps a BIGINT above 2^53 exact', () => {
    const c = change(decode('order_items.01.c.json'));
    expect(c.after?.order_id).toBe(9007199254740993n);
    expect(c.after).toMatchObject({
      unit_price: '19.99',
      discount_amount: '-0.01',
      line_amount: '59.98',
      quantity: 3,
    });
  });

  it('decodes DECIMAL(18,8), a DATE in a composite key, and two rows of one binlog event', () => {
    const r0 = change(decode('fx_rates.01.c.json'));
    const r1 = change(decode('fx_rates.02.c.json'));
    expect(r0.key).toEqual({ currency: 'ZZZ', rate_date: 47480 });
    expect(r0.after).toMatchObject({ rate_to_usd: '0.00012345', rate_date: 47480 });
    expect(r1.after).toMatchObject({ rate_to_usd: '9999999999.99999999', rate_date: 47481 });
    expect([binlog(r0).pos, binlog(r0).row, binlog(r1).pos, binlog(r1).row]).toEqual([8457n, 0, 8457n, 1]);
    expect(binlog(r0).gtid).toBe(binlog(r1).gtid);
  });

  it('marks a primary-key change: delete + tombstone + create with the other key in headers', () => {
    const d = change(decode('fx_rates.03.d.json'));
    const c = change(decode('fx_rates.05.c.json'));
    expect(d.keyChange).toEqual({ newKey: '{"currency":"ZZZ","rate_date":47482}' });
    expect(c.keyChange).toEqual({ oldKey: '{"currency":"ZZZ","rate_date":47481}' });
    expect(c.key).toEqual({ currency: 'ZZZ', rate_date: 47482 });
    // Both halves sit at the same binlog position.
    expect([binlog(d).pos, binlog(d).row]).toEqual([binlog(c).pos, binlog(c).row]);
    expect(decode('fx_rates.04.tombstone.json')).toMatchObject({
      kind: 'tombstone',
      key: { rate_date: 47481 },
    });
  });

  it('keeps JSON columns as text and reads TINYINT(1) as boolean with the hint', () => {
    const c = change(decode('products.02.u.json'));
    expect(c.before).toMatchObject({ active: true, list_price_usd: '1999.99', unit_cost_usd: '0.01' });
    expect(c.after?.active).toBe(false);
    // MariaDB's JSON_SET re-serialised the document; the text is kept exactly as the source holds it.
    expect(c.after?.attributes).toBe(
      '{"color": "blue", "dims": {"w": 1.5}, "tags": ["a", "b"], "big": 12345678901234567890}',
    );
    expect(c.after?.name).toBe('Capture “fixture” chair – Zoë');
  });

  it('without a hint, BOOLEAN stays the int Debezium sends (connect.type int16)', () => {
    const c = change(decode('products.01.c.json', { topicPrefix: 'globalmart', tables: { products: {} } }));
    expect(c.after?.active).toBe(1);
    expect(c.columns?.find((col) => col.name === 'active')).toEqual({
      name: 'active',
      type: { kind: 'int' },
      optional: false,
      sourceType: 'int16',
    });
  });

  it('decodes a composite string key and INT extremes inside one transaction', () => {
    const c = change(decode('inventory.01.c.json'));
    const u = change(decode('inventory.02.u.json'));
    expect(c.key).toEqual({ sku: 'ZZ-CAPTURE-0001', warehouse_id: 'ACME-WH-MX-MEX-01' });
    expect(c.after).toMatchObject({ on_hand: 2147483647, reserved: 0, reorder_point: 5 });
    expect(u.after).toMatchObject({ on_hand: 0, reserved: 7 });
    // One transaction, one GTID; the events follow each other in the binlog.
    expect(binlog(c).gtid).toBe(binlog(u).gtid);
    expect(binlog(u).pos > binlog(c).pos).toBe(true);
  });

  it('keeps nullable VARCHARs null, then set, and strings with | and \\ as they are', () => {
    const c = change(decode('customers.02.u.json'));
    expect(c.before).toMatchObject({ phone: null, address_line2: 'Suite 5', last_name: 'Pipe|Back\\slash' });
    expect(c.after).toMatchObject({ phone: '+52 81 5555 0000', address_line2: null, first_name: 'Zoë' });
  });

  it('decodes DATE, DECIMAL(5,3) and a DATETIME(3) at .999', () => {
    const c = change(decode('invoices.01.c.json'));
    expect(c.after).toMatchObject({
      due_date: 20811,
      tax_rate: '16.125',
      net_amount: '100.00',
      issued_at: us(2026, 11, 24, 23, 59, 59, 999),
    });
  });

  it('reads the column types from the writer schema (for schema-change detection)', () => {
    const c = change(decode('orders.01.c.json'));
    const byName = Object.fromEntries((c.columns ?? []).map((col) => [col.name, col]));
    expect(byName.total_amount).toEqual({
      name: 'total_amount',
      type: { kind: 'decimal', scale: 2, precision: 12, strings: 'text' },
      optional: false,
      sourceType: 'org.apache.kafka.connect.data.Decimal',
    });
    expect(byName.shipped_at).toMatchObject({ type: { kind: 'datetime', unit: 'ms' }, optional: true });
    expect(byName.created_at?.type).toEqual({ kind: 'timestamp' });
    expect(byName.status?.type).toEqual({
      kind: 'enum',
      values: ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned'],
    });
  });

  it('decodes snapshot reads (op r) with their snapshot marker', () => {
    const first = change(decode('snapshot.orders.first-in-data-collection.json'));
    expect(first).toMatchObject({ op: 'r', before: null, key: { id: 1n } });
    expect(binlog(first)).toMatchObject({
      snapshot: true,
      snapshotMarker: 'first_in_data_collection',
      gtid: null,
      txId: null,
      file: 'binlog.000001',
      pos: 12969042n,
      row: 0,
    });
    const fx = change(decode('snapshot.fx_rates.true.json'));
    expect(binlog(fx).snapshotMarker).toBe('true');
    expect(fx.after).toMatchObject({
      currency: 'CAD',
      rate_to_usd: '0.71319265',
      created_at: us(2026, 8, 26, 16),
    });
  });

  it('ignores the schema-change topic (named exactly topic.prefix)', () => {
    expect(decode('schema-change.drop-table.json')).toMatchObject({
      kind: 'ignored',
      reason: 'schema-change',
    });
  });

  it('recognises a schema-change value by shape on another topic', () => {
    const record = { ...avroFixture('schema-change.drop-table.json'), topic: 'renamed-ddl' };
    expect(decodeDebeziumAvro(record, options)).toMatchObject({ kind: 'ignored', reason: 'schema-change' });
  });

  it('accepts decimals a registry logical type already turned into text', () => {
    const record = avroFixture('orders.01.c.json');
    const value = record.value as { after: Record<string, unknown> };
    const altered = {
      ...record,
      value: { ...value, after: { ...value.after, total_amount: '-1234567890.1' } },
    };
    expect(change(decodeDebeziumAvro(altered, options)).after?.total_amount).toBe('-1234567890.10');
  });

  it('types columns by hints alone when the writer schema is not given', () => {
    const { valueSchema: _v, keySchema: _k, ...record } = avroFixture('orders.01.c.json');
    const c = change(decodeDebeziumAvro(record, options));
    expect(c.after).toMatchObject({
      total_amount: '-1234567890.12',
      ordered_at: us(2026, 11, 24, 10, 15, 30, 123),
    });
    expect(c.columns).toBeUndefined();
  });

  it('fails with a typed error on a broken envelope, never throwing', () => {
    const record = avroFixture('orders.01.c.json');
    const value = record.value as Record<string, unknown>;
    const noSource = { ...record, value: { ...value, source: null } };
    expect(decodeDebeziumAvro(noSource, options)).toEqual({
      kind: 'failure',
      code: 'DECODE_MISSING_FIELD',
      reason: 'source is missing',
      canRetry: false,
    });
    expect(decodeDebeziumAvro({ ...record, value: 42 }, options)).toMatchObject({
      code: 'DECODE_UNKNOWN_ENVELOPE',
    });
    expect(decodeDebeziumAvro({ ...record, value: { ...value, op: 'm' } }, options)).toMatchObject({
      code: 'DECODE_UNSUPPORTED_OP',
      canRetry: false,
    });
  });
});

describe('a captured truncate (Debezium 3.5 with skipped.operations=none)', () => {
  // test-fixtures/capture/capture-truncate.js: a private connector on a private copy of fx_rates,
  // two rows inserted (read by the snapshot and streamed), then TRUNCATE TABLE fx_rates.
  const record = avroFixture('fx_rates.truncate.05.t.json');
  const prefix = record.topic.split('.')[0] ?? '';
  const truncate = change(decodeDebeziumAvro(record, { topicPrefix: prefix, tables }));

  it('has no key and no row images, only where it sits in the binlog', () => {
    expect(record.key).toBeNull();
    expect(truncate).toMatchObject({
      op: 't',
      table: 'fx_rates',
      database: record.topic.split('.')[1],
      key: {},
      before: null,
      after: null,
      warnings: [],
    });
    expect(binlog(truncate)).toMatchObject({
      file: 'binlog.000001',
      pos: 50404761n,
      row: 1,
      gtid: '0-1-640',
      snapshot: false,
      commitTimeFrom: 'source',
    });
    expect(truncate.committedAtUs).toBe(1796524749000000n);
  });

  it('comes after the rows it removes in the same stream', () => {
    const rows = ['fx_rates.truncate.03.c.json', 'fx_rates.truncate.04.c.json'].map((name) =>
      change(decodeDebeziumAvro(avroFixture(name), { topicPrefix: prefix, tables })),
    );
    for (const row of rows) {
      expect(row.op).toBe('c');
      expect(binlog(row).pos).toBeLessThan(binlog(truncate).pos);
    }
  });

  it('keeps the writer schema columns, as for any change, so a column added before it is known', () => {
    expect(truncate.columns?.map((c) => c.name)).toEqual([
      'currency',
      'rate_date',
      'rate_to_usd',
      'created_at',
      'updated_at',
    ]);
  });
});
