import { decodeDebeziumAvro } from './debezium-avro';
import { type DebeziumJsonOptions, decodeDebeziumJson } from './debezium-json';
import { avroFixture, fixtureBytes, jsonFixture } from './testing/fixtures';
import { tables } from './testing/globalmart';
import type { BinlogPosition, DecodedChange, DecodeResult, RawRecord } from './types';

// Debezium JSON fixtures (test-fixtures/debezium-json) are what Kafka Connect's JsonConverter writes
// for the records captured as Avro, with and without `schemas.enable`.
const options: DebeziumJsonOptions = { topicPrefix: 'globalmart', tables };
const topic = (table: string) => `globalmart.globalmart.${table}`;

function change(result: DecodeResult): DecodedChange {
  if (result.kind !== 'change')
    throw new Error(`expected a change, got ${result.kind}: ${'reason' in result ? result.reason : ''}`);
  return result;
}
const binlog = (c: DecodedChange) => c.position as BinlogPosition;
const ms = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, milli = 0) =>
  Date.UTC(y, mo - 1, d, h, mi, s, milli);
/** Row times are epoch µs (libs/schemas README, Row values). */
const us = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, milli = 0, micro = 0) =>
  BigInt(ms(y, mo, d, h, mi, s, milli)) * 1000n + BigInt(micro);
const record = (t: string, value: string | Buffer | null, key: string | null = '{"id":1}'): RawRecord => ({
  topic: t,
  key,
  value,
});

describe('decodeDebeziumJson with an embedded schema', () => {
  const json = change(decodeDebeziumJson(jsonFixture(topic('orders'), 'orders.c.with-schema'), options));

  it('produces the same canonical change as the Avro record it mirrors', () => {
    const avro = change(
      decodeDebeziumAvro(avroFixture('orders.01.c.json'), { topicPrefix: 'globalmart', tables }),
    );
    expect(json.after).toEqual(avro.after);
    expect(json.key).toEqual(avro.key);
    expect(json.position).toEqual(avro.position);
    expect(json.committedAtUs).toBe(avro.committedAtUs);
    expect(json.after?.total_amount).toBe('-1234567890.12');
  });

  it('parses ts_ns beyond 2^53 without rounding (lossless JSON)', () => {
    expect(json.emittedAtNs).toBe(1795426104777364394n);
    expect(binlog(json).sourceTsNs).toBe(1795426104000000000n);
    // JSON.parse would have said ...777364500.
    expect(BigInt(JSON.parse('1795426104777364394'))).not.toBe(1795426104777364394n);
  });

  it('takes column types from the schema, the JsonConverter Decimal as base64', () => {
    expect(json.columns?.find((c) => c.name === 'total_amount')).toEqual({
      name: 'total_amount',
      type: { kind: 'decimal', scale: 2, precision: 12, strings: 'base64' },
      optional: false,
      sourceType: 'org.apache.kafka.connect.data.Decimal',
      connectType: 'bytes',
    });
    expect(json.database).toBe('globalmart');
  });

  it('decodes JSON text, TINYINT(1) → boolean with the hint, and an update before image', () => {
    const c = change(decodeDebeziumJson(jsonFixture(topic('products'), 'products.u.with-schema'), options));
    expect(c.before).toMatchObject({
      active: true,
      attributes: expect.stringContaining('"big":12345678901234567890'),
    });
    expect(c.after).toMatchObject({
      active: false,
      list_price_usd: '1999.99',
      created_at: us(2026, 11, 24, 12),
    });
  });

  it('decodes a snapshot read marked last, with DECIMAL(18,8) and a DATE key', () => {
    const c = change(
      decodeDebeziumJson(jsonFixture(topic('fx_rates'), 'fx_rates.r.snapshot-last.with-schema'), options),
    );
    expect(c).toMatchObject({ op: 'r', before: null, key: { currency: 'ZZZ', rate_date: 47481 } });
    expect(c.after?.rate_to_usd).toBe('9999999999.99999999');
    expect(binlog(c)).toMatchObject({ snapshot: true, snapshotMarker: 'last', gtid: null, txId: null });
  });

  it('decodes a delete of two rows in one event (row 1)', () => {
    const c = change(decodeDebeziumJson(jsonFixture(topic('fx_rates'), 'fx_rates.d.with-schema'), options));
    expect(c).toMatchObject({ op: 'd', after: null, key: { currency: 'ZZZ', rate_date: 47480 } });
    expect(c.before?.rate_to_usd).toBe('0.00012345');
  });
});

describe('DATETIME(4–6) in µs and TIMESTAMP(6) under adaptive_time_microseconds', () => {
  const fixture = jsonFixture(topic('orders'), 'orders-datetime6.c.with-schema');

  it('keeps every microsecond, without a warning', () => {
    const c = change(decodeDebeziumJson(fixture, options));
    expect(c.after).toMatchObject({
      ordered_at: us(2026, 11, 24, 10, 15, 30, 123, 456),
      shipped_at: us(2026, 11, 25, 8, 0, 0, 1),
      created_at: us(2026, 11, 24, 10, 15, 30, 456, 789),
    });
    expect(c.warnings).toEqual([]);
    expect(c.columns?.find((col) => col.name === 'ordered_at')?.type).toEqual({
      kind: 'datetime',
      unit: 'us',
    });
  });

  it("accepts them under subMicrosecond: 'reject', which only refuses digits below the microsecond", () => {
    expect(decodeDebeziumJson(fixture, { ...options, subMicrosecond: 'reject' }).kind).toBe('change');
  });
});

describe('decodeDebeziumJson without a schema', () => {
  it('types values by the hints: same canonical row as the Avro record', () => {
    const c = change(decodeDebeziumJson(jsonFixture(topic('orders'), 'orders.u.schemaless'), options));
    const avro = change(
      decodeDebeziumAvro(avroFixture('orders.03.u.json'), { topicPrefix: 'globalmart', tables }),
    );
    expect(c.before).toEqual(avro.before);
    expect(c.after).toEqual(avro.after);
    expect(c.columns).toBeUndefined();
  });

  it('keeps BIGINT keys and values above 2^53 exact', () => {
    const c = change(
      decodeDebeziumJson(jsonFixture(topic('order_items'), 'order_items.c.schemaless'), options),
    );
    expect(c.key).toEqual({ id: 9007199254740995n });
    expect(c.after).toMatchObject({
      id: 9007199254740995n,
      order_id: 9007199254740993n,
      unit_price: '19.99',
    });
  });

  it('without hints passes values through with only safe conversions', () => {
    const c = change(
      decodeDebeziumJson(jsonFixture(topic('order_items'), 'order_items.c.schemaless'), {
        topicPrefix: 'globalmart',
      }),
    );
    expect(c.after).toMatchObject({
      id: 9007199254740995n, // beyond 2^53: bigint
      quantity: 3, // a safe integer: number
      unit_price: 'B88=', // Decimal bytes in base64: nothing says it is a decimal
      created_at: '2026-11-24T10:15:31.000Z',
    });
  });

  it("reads decimal text when decimal.handling.mode=string ('text')", () => {
    const value = fixtureBytes('debezium-json/orders.u.schemaless.value.json')
      .toString()
      .replace('"total_amount": "+w=="', '"total_amount": "-0.05"')
      .replace('"total_amount": "AA=="', '"total_amount": "0"');
    const c = change(
      decodeDebeziumJson(record(topic('orders'), value, '{"id":8001}'), {
        ...options,
        decimalStrings: 'text',
      }),
    );
    expect(c.after?.total_amount).toBe('-0.05');
    expect(c.before?.total_amount).toBe('0.00');
  });
});

describe('tombstones', () => {
  const expected = { kind: 'tombstone', table: 'orders', key: { id: 8001n } };
  const key =
    '{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"}]},"payload":{"id":8001}}';

  it.each([
    ['a null value', null],
    ['a zero-length value', Buffer.alloc(0)],
    ['{"schema":null,"payload":null}', fixtureBytes('debezium-json/tombstone.with-schema.value.json')],
    ['a JSON null', 'null'],
  ])('%s is a tombstone, not an error', (_name, value) => {
    expect(decodeDebeziumJson(record(topic('orders'), value, key), options)).toEqual(expected);
  });

  it('keeps the key null when the tombstone has none', () => {
    expect(decodeDebeziumJson(record(topic('orders'), null, null), options)).toEqual({
      kind: 'tombstone',
      table: 'orders',
      key: null,
    });
  });
});

describe('records that are not row changes', () => {
  it.each([
    ['globalmart', 'schema-change.value.json', 'schema-change'],
    ['__debezium-heartbeat.globalmart', 'heartbeat.value.json', 'heartbeat'],
    ['globalmart.transaction', 'transaction-begin.value.json', 'transaction-metadata'],
    ['elsewhere.ddl', 'schema-change.value.json', 'schema-change'],
    ['elsewhere.tx', 'transaction-begin.value.json', 'transaction-metadata'],
    ['elsewhere.hb', 'heartbeat.value.json', 'heartbeat'],
  ])('%s: %s is ignored (%s)', (t, file, reason) => {
    const result = decodeDebeziumJson(record(t, fixtureBytes(`debezium-json/${file}`)), options);
    expect(result).toMatchObject({ kind: 'ignored', reason });
  });

  it('honours a custom heartbeat prefix and transaction topic name', () => {
    const custom = { ...options, heartbeatPrefix: 'hb', transactionTopicName: 'tx' };
    expect(decodeDebeziumJson(record('hb.globalmart', '{}'), custom)).toMatchObject({ reason: 'heartbeat' });
    expect(decodeDebeziumJson(record('globalmart.tx', '{}'), custom)).toMatchObject({
      reason: 'transaction-metadata',
    });
  });
});

describe('bad input becomes a typed failure', () => {
  const orders = fixtureBytes('debezium-json/orders.u.schemaless.value.json').toString();
  const failure = (value: string | Buffer, opts = options, key: string | null = '{"id":8001}') =>
    decodeDebeziumJson(record(topic('orders'), value, key), opts);

  it.each([
    ['not JSON', '{"op": "c",', 'DECODE_NOT_JSON'],
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), 'DECODE_NOT_JSON'],
    ['a JSON array', '[1, 2]', 'DECODE_UNKNOWN_ENVELOPE'],
    ['an object without op', '{"before": null, "after": {}}', 'DECODE_UNKNOWN_ENVELOPE'],
    ['op m (a logical decoding message)', orders.replace('"op": "u"', '"op": "m"'), 'DECODE_UNSUPPORTED_OP'],
    ['no source.file', orders.replace('"file": "binlog.000002",', ''), 'DECODE_MISSING_FIELD'],
    [
      'an update without after',
      orders.replace('"after": {', '"after": null, "x": {'),
      'DECODE_MISSING_FIELD',
    ],
    [
      'a BIGINT with a fraction',
      orders.replace('"customer_id": 3,', '"customer_id": 3.5,'),
      'DECODE_BAD_VALUE',
    ],
    [
      'a date-time that is not one',
      orders.replace('"2026-11-25T09:00:00.000Z"', '"yesterday"'),
      'DECODE_BAD_VALUE',
    ],
  ])('%s → %s', (_name, value, code) => {
    expect(failure(value)).toMatchObject({
      kind: 'failure',
      code,
      canRetry: false,
      reason: expect.any(String),
    });
  });

  it('a decimal with more decimals than its scale', () => {
    const value = orders
      .replace('"total_amount": "+w=="', '"total_amount": "-0.051"')
      .replace('"total_amount": "AA=="', '"total_amount": "0"');
    expect(failure(value, { ...options, decimalStrings: 'text' })).toMatchObject({
      code: 'DECODE_BAD_VALUE',
      reason: "after.total_amount: -0.051 has more decimals than the column's scale 2",
    });
  });

  it('decimal text where base64 is expected names the option', () => {
    const value = orders.replace('"total_amount": "+w=="', '"total_amount": "-0.05"');
    expect(failure(value)).toMatchObject({
      code: 'DECODE_BAD_VALUE',
      reason: expect.stringContaining("'text'"),
    });
  });

  it('no key and no primary key configured', () => {
    expect(failure(orders, { topicPrefix: 'globalmart' }, null)).toMatchObject({
      code: 'DECODE_MISSING_FIELD',
      reason: 'the record has no key and no primary key is configured for orders',
    });
  });

  it('takes the key from the primary-key columns when the record has no key', () => {
    expect(change(failure(orders, options, null)).key).toEqual({ id: 8001n });
  });
});

describe('truncate (op t, with skipped.operations=none)', () => {
  it('decodes the JSON-with-schema form of a captured truncate: no key, no rows, its binlog position', () => {
    const value = fixtureBytes('debezium-json/fx_rates.t.with-schema.value.json');
    const c = change(decodeDebeziumJson(record(topic('fx_rates'), value, null), options));
    expect(c).toMatchObject({
      op: 't',
      database: 'globalmart',
      table: 'fx_rates',
      key: {},
      before: null,
      after: null,
      committedAtUs: 1796524749000000n,
      emittedAtNs: 1796524749726078296n,
    });
    expect(binlog(c)).toMatchObject({ file: 'binlog.000001', pos: 50404761n, row: 1, gtid: '0-1-640' });
  });

  it('decodes the schemaless form from the Debezium docs the same way', () => {
    const value = fixtureBytes('debezium-json/orders.t.schemaless.value.json');
    const c = change(decodeDebeziumJson(record(topic('orders'), value, null), options));
    expect(c).toMatchObject({ op: 't', table: 'orders', key: {}, before: null, after: null });
    expect(binlog(c)).toMatchObject({ file: 'binlog.000002', pos: 20480n, gtid: '0-1-170' });
  });
});

describe('Kafka Connect schema type names', () => {
  it("reads FLOAT and DOUBLE columns, which JsonConverter declares as 'float' and 'double'", () => {
    const c = change(
      decodeDebeziumJson(jsonFixture(topic('products'), 'products.u.float-double.with-schema'), options),
    );
    expect(c.after).toMatchObject({ weight_kg: 12.75, rating: 4.25, active: false });
    expect(c.before).toMatchObject({ weight_kg: 12.5, rating: null });
    expect(c.columns?.filter((col) => col.type.kind === 'float')).toEqual([
      {
        name: 'weight_kg',
        type: { kind: 'float' },
        optional: true,
        sourceType: 'double',
        connectType: 'float64',
      },
      {
        name: 'rating',
        type: { kind: 'float' },
        optional: true,
        sourceType: 'float',
        connectType: 'float32',
      },
    ]);
  });

  const products = fixtureBytes('debezium-json/products.u.with-schema.value.json').toString();
  const declaring = (type: string, value: string) =>
    products
      .replaceAll(
        '"type": "string",\n            "optional": false,\n            "field": "brand"',
        `"type": "${type}",\n            "optional": false,\n            "field": "brand"`,
      )
      .replaceAll('"brand": "Zzz"', `"brand": ${value}`);
  const brand = (type: string, value: string) =>
    decodeDebeziumJson(
      record(topic('products'), declaring(type, value), '{"sku":"ZZ-CAPTURE-0001"}'),
      options,
    );

  it('the fixture has the brand field this test rewrites', () => {
    expect(declaring('int32', '7')).not.toBe(products);
    expect(declaring('int32', '7')).toContain(
      '"type": "int32",\n            "optional": false,\n            "field": "brand"',
    );
  });

  it.each([
    ['int8', '7', 7],
    ['int16', '7', 7],
    ['int32', '7', 7],
    ['int64', '7', 7n],
    ['float32', '1.5', 1.5],
    ['float64', '1.5', 1.5],
    ['float', '1.5', 1.5],
    ['double', '1.5', 1.5],
    ['boolean', 'true', true],
    ['string', '"Zzz"', 'Zzz'],
  ])('accepts every Connect type name: %s', (type, value, expected) => {
    expect(change(brand(type, value)).after?.brand).toEqual(expected);
  });

  it.each([
    ['bytes', '"AQ=="'],
    ['array', '[1]'],
    ['map', '{"a": 1}'],
    ['struct', '{"a": 1}'],
  ])('knows %s, a type with no canonical row value, and refuses only the value', (type, value) => {
    expect(brand(type, value)).toMatchObject({ code: 'DECODE_UNSUPPORTED_TYPE' });
  });

  it('refuses a type name Connect does not have', () => {
    expect(brand('decimal', '"1.5"')).toMatchObject({
      code: 'DECODE_BAD_VALUE',
      reason: expect.stringContaining('"decimal" is not a Kafka Connect schema type'),
    });
  });
});

describe('a value whose JSON type contradicts its declared type is refused, not coerced', () => {
  const orders = fixtureBytes('debezium-json/orders.c.with-schema.value.json').toString();
  const products = fixtureBytes('debezium-json/products.u.with-schema.value.json').toString();
  const decode = (t: string, value: string, key: string) =>
    decodeDebeziumJson(record(topic(t), value, key), options);

  it.each([
    [
      'a string where int64 is declared',
      'orders',
      orders.replace('"customer_id": 3', '"customer_id": "3"'),
      'after.customer_id: the schema declares int64',
    ],
    [
      'a number where string is declared',
      'orders',
      orders.replace('"status": "pending"', '"status": 7'),
      'after.status: the schema declares string',
    ],
    [
      'a string where int16 (BOOLEAN) is declared',
      'products',
      products.replace('"active": 0', '"active": "false"'),
      'after.active: the schema declares int16',
    ],
    [
      'a number where a Decimal (bytes) is declared',
      'orders',
      orders.replace('"total_amount": "40Fm5ew="', '"total_amount": 12'),
      'after.total_amount: the schema declares bytes',
    ],
    [
      'a boolean where a ZonedTimestamp (string) is declared',
      'orders',
      orders.replace('"created_at": "2026-11-24T10:15:30.456Z"', '"created_at": true'),
      'after.created_at: the schema declares string',
    ],
  ])('%s', (_name, t, value, reason) => {
    expect(value).not.toBe(t === 'orders' ? orders : products);
    const key = t === 'orders' ? '{"id": 8001}' : '{"sku": "ZZ-CAPTURE-0001"}';
    expect(decode(t, value, key)).toMatchObject({
      kind: 'failure',
      code: 'DECODE_TYPE_MISMATCH',
      reason: expect.stringContaining(reason),
    });
  });

  it('without a schema, the entity hint is the declared type: a string for a BIGINT is refused too', () => {
    const value = fixtureBytes('debezium-json/orders.u.schemaless.value.json')
      .toString()
      .replace('"customer_id": 3,', '"customer_id": "3",');
    expect(decode('orders', value, '{"id": 8001}')).toMatchObject({
      code: 'DECODE_TYPE_MISMATCH',
      reason: 'before.customer_id must be an integer, got string "3"',
    });
  });
});

describe('{"schema": null, "payload": …} (JsonConverter for a value without a schema)', () => {
  it('decodes its payload like schemaless JSON, key included', () => {
    const wrapped = change(decodeDebeziumJson(jsonFixture(topic('orders'), 'orders.u.schema-null'), options));
    const bare = change(decodeDebeziumJson(jsonFixture(topic('orders'), 'orders.u.schemaless'), options));
    expect(wrapped.columns).toBeUndefined();
    expect(wrapped.key).toEqual({ id: 8001n });
    expect({ ...wrapped, warnings: [] }).toEqual({ ...bare, warnings: [] });
  });
});

describe('commit time when source.ts_ms is absent (older Debezium)', () => {
  const orders = fixtureBytes('debezium-json/orders.u.schemaless.value.json').toString();
  const withoutSourceTimes = orders
    .replace('"ts_ms": 1795426104000,', '')
    .replace('"ts_us": 1795426104000000,', '')
    .replace('"ts_ns": 1795426104000000000,', '');
  const decode = (value: string) =>
    change(decodeDebeziumJson(record(topic('orders'), value, '{"id":8001}'), options));

  it('takes source.ts_us, ts_ms or ts_ns when there is one', () => {
    expect(decode(orders)).toMatchObject({ committedAtUs: 1795426104000000n });
    expect(binlog(decode(orders)).commitTimeFrom).toBe('source');
  });

  it("falls back to the envelope's ts_us, then ts_ms, then ts_ns, and says so", () => {
    expect(withoutSourceTimes).not.toContain('1795426104000,');
    const c = decode(withoutSourceTimes);
    expect(c.committedAtUs).toBe(1795426104802936n);
    expect(binlog(c)).toMatchObject({ commitTimeFrom: 'envelope', sourceTsMs: null, sourceTsUs: null });
    const msOnly = withoutSourceTimes
      .replace('"ts_us": 1795426104802936,', '')
      .replace('"ts_ns": 1795426104802936091', '"x": 0');
    expect(decode(msOnly).committedAtUs).toBe(1795426104802000n);
    const nsOnly = withoutSourceTimes
      .replace('"ts_us": 1795426104802936,', '')
      .replace('"ts_ms": 1795426104802,', '');
    expect(decode(nsOnly).committedAtUs).toBe(1795426104802936n);
  });

  it('refuses an envelope with no time at all', () => {
    const none = withoutSourceTimes
      .replace('"ts_us": 1795426104802936,', '')
      .replace('"ts_ms": 1795426104802,', '')
      .replace('"ts_ns": 1795426104802936091', '"x": 0');
    expect(decodeDebeziumJson(record(topic('orders'), none, '{"id":8001}'), options)).toMatchObject({
      code: 'DECODE_MISSING_FIELD',
      reason: expect.stringContaining('source.ts_ms'),
    });
  });
});
