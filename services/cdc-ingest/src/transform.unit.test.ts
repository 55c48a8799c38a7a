import { dlqHeader, type IncomingRecord, type OutgoingRecord } from '@lakestream/kafka';
import { avroType, compareOrdinals, dmsOrdinal, recordDecoder } from '@lakestream/schemas';
import { Registry } from 'prom-client';
import { changeEventWriter } from './change-events';
import { fixtureBytes } from './decode/testing/fixtures';
import { ingestMetrics } from './metrics';
import { productKey, productUpdate, withAddedColumn, withVendorIdAsText } from './testing/product-changes';
import { ingestTransform } from './transform';

// The transform with everything but the servers: the registry answers through a stub (a
// registration gives id 42, a version lookup says 3), and the changes topics have 4 partitions.
function harness(partitionCount = 4) {
  const registered: string[] = [];
  const registry = async (url: string | URL | Request, init?: RequestInit) => {
    const path = String(url);
    if (path.endsWith('/versions')) {
      registered.push((JSON.parse(String(init?.body)) as { schema: string }).schema);
      return new Response(JSON.stringify({ id: 42 }));
    }
    if (path.includes('/config/')) return new Response(JSON.stringify({ compatibility: 'BACKWARD' }));
    return new Response(JSON.stringify({ version: 3 }));
  };
  const transform = ingestTransform({
    decoder: recordDecoder({ registryUrl: 'http://registry.invalid' }),
    writer: changeEventWriter({
      registryUrl: 'http://registry.invalid',
      subjectOf: (table) => `changes.${table}-value`,
      fetch: registry as typeof fetch,
    }),
    metrics: ingestMetrics(new Registry()),
    changesTopic: (table) => `changes.${table}`,
    partitions: { of: async () => partitionCount },
    dlqTopic: 'dlq',
    sourceDatabase: 'globalmart',
    topicPrefix: 'globalmart',
    sourceFormat: 'auto',
    now: () => 1_800_000_000_000,
  });
  return { transform, registered };
}

let offset = 0;
const incoming = (
  topic: string,
  value: Buffer | string | null,
  key: string | null = null,
): IncomingRecord => ({
  topic,
  partition: 0,
  message: {
    key: key === null ? null : Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
    offset: String(offset++),
    timestamp: '0',
    attributes: 0,
    headers: {},
  },
});

interface Event {
  op: string;
  key: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  sourcePosition: { ordinal: string; source: string };
  committedAt: bigint;
  tenantId: string | null;
  table: string;
  schemaVersion: number;
}

function decodeWith(registered: string[]) {
  const last = registered.at(-1);
  if (!last) throw new Error('nothing was registered');
  const type = avroType(JSON.parse(last));
  return (out: OutgoingRecord): Event => {
    const framed = out.value;
    if (framed?.readInt32BE(1) !== 42) throw new Error('not framed with id 42');
    return type.fromBuffer(framed.subarray(5)) as Event;
  };
}

const dead = (outputs: OutgoingRecord[]) => {
  expect(outputs).toHaveLength(1);
  const [out] = outputs;
  expect(out?.topic).toBe('dlq');
  return {
    code: out?.headers?.[dlqHeader.code]?.toString(),
    reason: out?.headers?.[dlqHeader.reason]?.toString(),
  };
};

const products = productUpdate;

describe('a row change', () => {
  it('becomes one ChangeEvent keyed by its canonical key, on the partition its key picks', async () => {
    const { transform, registered } = harness();
    const outputs = await transform(incoming('globalmart.globalmart.products', products, productKey));
    expect(outputs.map((o) => [o.topic, o.key, o.partition])).toEqual([
      ['changes.products', 'ZZ-CAPTURE-0001', undefined],
    ]);
    const [event] = outputs.map(decodeWith(registered));
    expect(event).toMatchObject({ op: 'u', key: 'ZZ-CAPTURE-0001', tenantId: 'acme', schemaVersion: 3 });
  });
});

describe('truncate', () => {
  const truncate = fixtureBytes('debezium-json/fx_rates.t.with-schema.value.json');

  it('becomes one identical t event on every partition of the changes topic, set on each record', async () => {
    const { transform, registered } = harness(4);
    const outputs = await transform(incoming('globalmart.globalmart.fx_rates', truncate));
    expect(outputs.map((o) => [o.topic, o.partition, o.key])).toEqual([
      ['changes.fx_rates', 0, ''],
      ['changes.fx_rates', 1, ''],
      ['changes.fx_rates', 2, ''],
      ['changes.fx_rates', 3, ''],
    ]);
    expect(new Set(outputs.map((o) => o.value?.toString('hex'))).size).toBe(1);
    const event = decodeWith(registered)(outputs[0] as OutgoingRecord);
    expect(event).toMatchObject({
      table: 'fx_rates',
      op: 't',
      key: '',
      before: null,
      after: null,
      tenantId: null,
      committedAt: 1796524749000000n,
      sourcePosition: { source: 'binlog', ordinal: 'b:0000000001:00000000000050404761:000001' },
    });
  });

  it('follows the partition count it is given (a topic of one partition gets one)', async () => {
    const { transform } = harness(1);
    const outputs = await transform(incoming('globalmart.globalmart.fx_rates', truncate));
    expect(outputs.map((o) => o.partition)).toEqual([0]);
  });

  it('spans tenants: a tenant table truncate has no tenant', async () => {
    const { transform, registered } = harness(2);
    const value = fixtureBytes('debezium-json/orders.t.schemaless.value.json');
    const outputs = await transform(incoming('globalmart.globalmart.orders', value));
    expect(outputs.map(decodeWith(registered)).map((e) => [e.op, e.tenantId, e.key])).toEqual([
      ['t', null, ''],
      ['t', null, ''],
    ]);
  });

  it("of another database's table of the same name is dead-lettered", async () => {
    const { transform, registered } = harness();
    const other = truncate.toString().replace('"db": "globalmart"', '"db": "shop2"');
    const { code, reason } = dead(await transform(incoming('globalmart.shop2.fx_rates', other)));
    expect(code).toBe('DECODE_UNKNOWN_TABLE');
    expect(reason).toBe('shop2.fx_rates is not a table of the source database globalmart');
    expect(registered).toEqual([]);
  });
});

describe('an AWS DMS update that changed the primary key', () => {
  const decode = async (file: string | Buffer) => {
    const { transform, registered } = harness();
    const value = typeof file === 'string' ? fixtureBytes(`dms/${file}.json`) : file;
    const outputs = await transform(incoming('dms.globalmart', value));
    return { outputs, events: outputs.map(decodeWith(registered)) };
  };

  it("becomes the old key's delete (with the whole old row), then the new key's create", async () => {
    const { outputs, events } = await decode('fx_rates.update.pk-change.full-before');
    expect(outputs.map((o) => [o.topic, o.key])).toEqual([
      ['changes.fx_rates', 'CHF|47481'],
      ['changes.fx_rates', 'CHF|47482'],
    ]);
    const [del, create] = events;
    expect(del).toMatchObject({ op: 'd', key: 'CHF|47481', after: null });
    expect(del?.before).toMatchObject({ currency: 'CHF', rate_date: 47481, rate_to_usd: '1.25000000' });
    expect(create).toMatchObject({ op: 'c', key: 'CHF|47482', before: null });
    expect(create?.after).toMatchObject({ rate_date: 47482, rate_to_usd: '9999999999.99999999' });
  });

  it('gives the two distinct ordinals in that order, between the records before and after it', async () => {
    const { events } = await decode('fx_rates.update.pk-change.full-before');
    const [del, create] = events.map((e) => e.sourcePosition.ordinal);
    // commit-timestamp 2026-11-24T16:00:01Z, transaction-record-id 1, steps 0 and 1.
    expect(del).toBe('d:00001795536001000000:00000000000000000010');
    expect(create).toBe('d:00001795536001000000:00000000000000000011');
    const commitMicros = 1_795_536_001_000_000n;
    const ordered = [
      dmsOrdinal({ commitMicros, sequence: 0 }),
      del ?? '',
      create ?? '',
      dmsOrdinal({ commitMicros, sequence: 2 }),
    ];
    expect([...ordered].sort(compareOrdinals)).toEqual(ordered);
  });

  it('does the same from BI_ before-image columns', async () => {
    const { events } = await decode('fx_rates.update.pk-change.bi-columns');
    expect(events.map((e) => [e.op, e.key])).toEqual([
      ['d', 'CHF|47481'],
      ['c', 'CHF|47482'],
    ]);
  });

  it('with a pk-only before image, deletes the old key without a row, in the new row’s tenant', async () => {
    const pkOnly = fixtureBytes('dms/orders.update.pk-only.json')
      .toString()
      .replace('"before-image": {\n    "id": 8001', '"before-image": {\n    "id": 7999');
    const { events } = await decode(Buffer.from(pkOnly));
    expect(events.map((e) => [e.op, e.key, e.tenantId, e.before])).toEqual([
      ['d', '7999', 'acme', null],
      ['c', '8001', 'acme', null],
    ]);
  });

  it('an update that kept its key stays one update', async () => {
    const { events } = await decode('orders.update');
    expect(events.map((e) => [e.op, e.key])).toEqual([['u', '8001']]);
  });
});

describe('validation', () => {
  it('dead-letters a record whose Kafka key names another row than its image', async () => {
    const { transform, registered } = harness();
    const { code, reason } = dead(
      await transform(incoming('globalmart.globalmart.products', products, '{"sku": "ZZ-OTHER-0002"}')),
    );
    expect(code).toBe('DECODE_KEY_MISMATCH');
    expect(reason).toBe(
      `the record's key (sku) is "ZZ-OTHER-0002" but its after image's is "ZZ-CAPTURE-0001"`,
    );
    expect(registered).toEqual([]);
  });

  it("compares a delete's key with its before image", async () => {
    const { transform } = harness();
    const value = fixtureBytes('debezium-json/fx_rates.d.with-schema.value.json');
    const key = fixtureBytes('debezium-json/fx_rates.d.with-schema.key.json').toString();
    expect((await transform(incoming('globalmart.globalmart.fx_rates', value, key)))[0]?.topic).toBe(
      'changes.fx_rates',
    );
    const otherDate = key.replace('47480', '47479');
    expect(otherDate).not.toBe(key);
    const { code } = dead(await transform(incoming('globalmart.globalmart.fx_rates', value, otherDate)));
    expect(code).toBe('DECODE_KEY_MISMATCH');
  });

  it('dead-letters a GlobalMart table name of another database, naming both', async () => {
    const { transform } = harness();
    const other = products.replace('"db": "globalmart"', '"db": "legacy_shop"');
    expect(other).not.toBe(products);
    const { code, reason } = dead(
      await transform(incoming('globalmart.legacy_shop.products', other, productKey)),
    );
    expect(code).toBe('DECODE_UNKNOWN_TABLE');
    expect(reason).toBe('legacy_shop.products is not a table of the source database globalmart');
  });

  it('registers nothing for a record with an added column and a value that does not fit', async () => {
    const { transform, registered } = harness();
    // The source added gift_wrap and changed vendor_id to text: the evolved schema would be new, and
    // the value cannot be written under it.
    const added = withAddedColumn(products);
    const bad = withVendorIdAsText(added);
    const { code, reason } = dead(
      await transform(incoming('globalmart.globalmart.products', bad, productKey)),
    );
    expect(code).toBe('SCHEMA_MISMATCH');
    expect(reason).toContain('vendor_id');
    expect(registered).toEqual([]);

    // The same change with a fitting value goes out, and only then is the evolved schema registered.
    const outputs = await transform(incoming('globalmart.globalmart.products', added, productKey));
    expect(outputs[0]?.topic).toBe('changes.products');
    expect(registered).toHaveLength(1);
    expect(registered[0]).toContain('gift_wrap');
  });
});
