import { type DmsJsonOptions, decodeDmsJson } from './dms-json';
import { dmsFixture, fixtureBytes } from './testing/fixtures';
import { tables } from './testing/globalmart';
import type { DecodedChange, DecodeResult, DmsPosition } from './types';

// AWS DMS messages shaped after the DMS User Guide's Kafka target message format
// (test-fixtures/dms): data + metadata, optional before image and transaction details.
const options: DmsJsonOptions = { tables };

function change(result: DecodeResult): DecodedChange {
  if (result.kind !== 'change')
    throw new Error(`expected a change, got ${result.kind}: ${'reason' in result ? result.reason : ''}`);
  return result;
}
const dms = (c: DecodedChange) => c.position as DmsPosition;
const ms = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, milli = 0) =>
  Date.UTC(y, mo - 1, d, h, mi, s, milli);
/** Row times are epoch µs (libs/schemas README, Row values). */
const us = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, milli = 0, micro = 0) =>
  BigInt(ms(y, mo, d, h, mi, s, milli)) * 1000n + BigInt(micro);
const decode = (name: string, opts = options) => decodeDmsJson(dmsFixture(name), opts);

describe('decodeDmsJson', () => {
  it('turns a full-load record into a snapshot read (op r)', () => {
    const c = change(decode('orders.load'));
    expect(c).toMatchObject({ table: 'orders', op: 'r', before: null, key: { id: 8001n }, warnings: [] });
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
    // A full load has no commit time: the record's timestamp stands in, and says so.
    expect(c.position).toEqual({
      source: 'dms',
      file: null,
      pos: 0n,
      row: 0,
      gtid: null,
      txId: null,
      snapshot: true,
      commitTimestampUs: BigInt(ms(2026, 11, 24, 10, 20)) * 1000n + 104817n,
      commitTimestampFrom: 'timestamp',
      transactionRecordId: null,
      prevTransactionId: null,
      streamPosition: null,
      step: 0,
    });
    expect(c.database).toBe('globalmart');
    expect(c.committedAtUs).toBe(us(2026, 11, 24, 10, 20, 0, 104, 817));
  });

  it('decodes an insert with transaction details: ids beyond 2^53 kept exact, µs commit time', () => {
    const c = change(decode('orders.insert'));
    expect(c).toMatchObject({ op: 'c', before: null, key: { id: 9007199254740997n } });
    expect(c.after).toMatchObject({
      id: 9007199254740997n,
      total_amount: '-0.05',
      ordered_at: us(2026, 11, 24, 10, 15, 30, 123),
    });
    expect(dms(c)).toMatchObject({
      txId: '9223372036854775001',
      prevTransactionId: '9223372036854775000',
      transactionRecordId: 1n,
      commitTimestampUs: BigInt(ms(2026, 11, 24, 10, 15, 30)) * 1000n + 987654n,
      commitTimestampFrom: 'commit-timestamp',
      streamPosition: 'mysql-bin-changelog.000002:4788:-1:4843:0',
      snapshot: false,
    });
    expect(c.committedAtUs).toBe(us(2026, 11, 24, 10, 15, 30, 987, 654));
  });

  it('uses a full before image as before', () => {
    const c = change(decode('orders.update'));
    expect(c.op).toBe('u');
    expect(c.before).toMatchObject({ status: 'pending', total_amount: '-1234567890.12', shipped_at: null });
    expect(c.after).toMatchObject({
      status: 'shipped',
      total_amount: '0.00',
      shipped_at: us(2026, 11, 25, 8, 0, 0, 1),
    });
    expect(c.warnings).toEqual([]);
    expect(c.previousKey).toBeUndefined();
  });

  it('drops a partial (pk-only) before image with a warning', () => {
    const c = change(decode('orders.update.pk-only'));
    expect(c.before).toBeNull();
    expect(c.warnings).toEqual([
      {
        code: 'PARTIAL_BEFORE_IMAGE',
        column: null,
        detail: expect.stringMatching(/^before-image lacks tenant_id, customer_id, .*; before is null$/),
      },
    ]);
  });

  it('reports the old key of an update that changed the primary key', () => {
    const c = change(decode('fx_rates.update.pk-change'));
    expect(c.key).toEqual({ currency: 'ZZZ', rate_date: 47482 });
    expect(c.previousKey).toEqual({ currency: 'ZZZ', rate_date: 47481 });
    expect(c.after?.rate_to_usd).toBe('9999999999.99999999'); // a JSON number, read from its text
  });

  it('keeps the whole old row of a key change when the before image has every column', () => {
    const c = change(decode('fx_rates.update.pk-change.full-before'));
    expect(c.previousKey).toEqual({ currency: 'CHF', rate_date: 47481 });
    expect(c.before).toMatchObject({ currency: 'CHF', rate_date: 47481, rate_to_usd: '1.25000000' });
    expect(c.warnings).toEqual([]);
  });

  describe('before-image columns in data (add-before-image-columns, column-prefix BI_)', () => {
    it('takes them out of the row and reads them as the before image', () => {
      const c = change(decode('fx_rates.update.pk-change.bi-columns'));
      expect(Object.keys(c.after ?? {})).toEqual([
        'currency',
        'rate_date',
        'rate_to_usd',
        'created_at',
        'updated_at',
      ]);
      expect(c.before).toMatchObject({ rate_date: 47481, rate_to_usd: '1.25000000' });
      expect(c.previousKey).toEqual({ currency: 'CHF', rate_date: 47481 });
    });

    it('with column-filter pk-only, gives the old key and no before row', () => {
      const text = fixtureBytes('dms/fx_rates.update.pk-change.bi-columns.json')
        .toString()
        .replace(/,\n\s*"BI_rate_to_usd"[^\n]*\n\s*"BI_created_at"[^\n]*\n\s*"BI_updated_at"[^\n]*/, '');
      expect(text).not.toContain('BI_rate_to_usd');
      const c = change(decodeDmsJson({ topic: 'dms', key: null, value: text }, options));
      expect(c.previousKey).toEqual({ currency: 'CHF', rate_date: 47481 });
      expect(c.before).toBeNull();
      expect(c.warnings).toMatchObject([{ code: 'PARTIAL_BEFORE_IMAGE' }]);
    });

    it('honours another prefix, and leaves a prefixed column that names no column alone', () => {
      const text = fixtureBytes('dms/fx_rates.update.pk-change.bi-columns.json')
        .toString()
        .replaceAll('"BI_', '"OLD_');
      const c = change(
        decodeDmsJson({ topic: 'dms', key: null, value: text }, { ...options, beforeImagePrefix: 'OLD_' }),
      );
      expect(c.previousKey).toEqual({ currency: 'CHF', rate_date: 47481 });
      const unprefixed = change(decodeDmsJson({ topic: 'dms', key: null, value: text }, options));
      expect(unprefixed.after).toHaveProperty('OLD_currency', 'CHF');
      expect(unprefixed.previousKey).toBeUndefined();
    });

    it('is no before image on an insert, where DMS leaves them null', () => {
      const text = fixtureBytes('dms/orders.insert.json')
        .toString()
        .replace('"tenant_id": "acme",', '"tenant_id": "acme", "BI_id": null, "BI_tenant_id": null,');
      const c = change(decodeDmsJson({ topic: 'dms', key: null, value: text }, options));
      expect(c.after).not.toHaveProperty('BI_id');
      expect(c).toMatchObject({ op: 'c', before: null });
    });
  });

  it('reads integers DMS writes as strings, and only integer text', () => {
    const insert = fixtureBytes('dms/orders.insert.json').toString();
    const asText = insert.replace('"customer_id": 3,', '"customer_id": "3",');
    expect(asText).not.toBe(insert);
    expect(
      change(decodeDmsJson({ topic: 'dms', key: null, value: asText }, options)).after?.customer_id,
    ).toBe(3n);
    const notInteger = insert.replace('"customer_id": 3,', '"customer_id": "3x",');
    expect(decodeDmsJson({ topic: 'dms', key: null, value: notInteger }, options)).toMatchObject({
      code: 'DECODE_BAD_VALUE',
    });
    const notNumber = insert.replace('"customer_id": 3,', '"customer_id": true,');
    expect(decodeDmsJson({ topic: 'dms', key: null, value: notNumber }, options)).toMatchObject({
      code: 'DECODE_TYPE_MISMATCH',
    });
  });

  it('takes the deleted row from data', () => {
    const c = change(decode('orders.delete'));
    expect(c).toMatchObject({ op: 'd', after: null, key: { id: 8001n } });
    expect(c.before).toMatchObject({ id: 8001n, status: 'shipped' });
  });

  it('reads BOOLEAN 0/1, JSON text, decimal numbers and zone-less ISO times', () => {
    const c = change(decode('products.load'));
    expect(c.after).toMatchObject({
      active: true,
      list_price_usd: '1999.99',
      unit_cost_usd: '0.01',
      vendor_id: 1n,
      attributes: '{"color":"red","dims":{"w":1.5},"tags":["a","b"],"big":12345678901234567890}',
      created_at: us(2026, 11, 24, 12),
    });
    const text = fixtureBytes('dms/orders.update.json')
      .toString()
      .replace('"shipped_at": "2026-11-25T08:00:00.001Z"', '"shipped_at": "2026-11-25 08:00:00.001"');
    const u = change(decodeDmsJson({ topic: 'dms', key: null, value: text }, options));
    expect(u.after?.shipped_at).toBe(us(2026, 11, 25, 8, 0, 0, 1));
  });

  it('reads the before image from a custom field name', () => {
    const text = fixtureBytes('dms/orders.update.json').toString().replace('"before-image"', '"BI"');
    const c = change(
      decodeDmsJson({ topic: 'dms', key: null, value: text }, { ...options, beforeImageField: 'BI' }),
    );
    expect(c.before).toMatchObject({ status: 'pending' });
  });

  it('ignores control records', () => {
    expect(decode('control.create-table')).toEqual({
      kind: 'ignored',
      reason: 'dms-control',
      detail: 'DMS control record: create-table',
    });
  });

  it('reports a null value as a tombstone', () => {
    expect(decodeDmsJson({ topic: 'dms', key: null, value: null }, options)).toMatchObject({
      kind: 'tombstone',
    });
  });

  describe('bad input becomes a typed failure', () => {
    const insert = fixtureBytes('dms/orders.insert.json').toString();
    const fail = (value: string, opts = options) => decodeDmsJson({ topic: 'dms', key: null, value }, opts);

    it.each([
      ['not JSON', 'data: 1', 'DECODE_NOT_JSON'],
      ['no metadata', '{"data": {"id": 1}}', 'DECODE_UNKNOWN_ENVELOPE'],
      [
        'an unknown record-type',
        insert.replace('"record-type": "data"', '"record-type": "ddl"'),
        'DECODE_UNKNOWN_ENVELOPE',
      ],
      [
        'an unknown operation',
        insert.replace('"operation": "insert"', '"operation": "truncate"'),
        'DECODE_UNSUPPORTED_OP',
      ],
      ['no data', insert.replace('"data": {', '"other": {'), 'DECODE_MISSING_FIELD'],
      ['no table-name', insert.replace('"table-name": "orders",', ''), 'DECODE_MISSING_FIELD'],
      [
        'a bad commit-timestamp',
        insert.replace('2026-11-24T10:15:30.987654Z', '2026-13-24T10:15:30Z'),
        'DECODE_BAD_VALUE',
      ],
      [
        'a bad DATE',
        fixtureBytes('dms/fx_rates.update.pk-change.json').toString().replace('2100-01-01', '2100-02-30'),
        'DECODE_BAD_VALUE',
      ],
    ])('%s → %s', (_name, value, code) => {
      expect(fail(value)).toMatchObject({ kind: 'failure', code, canRetry: false });
    });

    it('a table without a configured primary key', () => {
      expect(fail(insert, { tables: {} })).toEqual({
        kind: 'failure',
        code: 'DECODE_MISSING_FIELD',
        reason: 'DMS messages carry no key: configure the primary key of orders',
        canRetry: false,
      });
    });
  });
});
