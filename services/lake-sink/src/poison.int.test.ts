import { SchemaType } from '@kafkajs/confluent-schema-registry';
import {
  type DataFileEncoder,
  encodeDataFile,
  type LakeColumns,
  ParquetError,
  readFileTable,
} from '@lakestream/iceberg';
import { groupCaughtUp } from '@lakestream/kafka';
import {
  avroType,
  changeEventSchema,
  type FieldJson,
  loadChangeEventSchema,
  loadRowSchema,
  type RecordJson,
  schemaRegistry,
} from '@lakestream/schemas';
import { loadStackConfig, localS3Client, registryUrls, uniqueName, waitFor } from '@lakestream/stack';
import { s3Storage } from '@lakestream/storage';
import { lakeS3, readLakeTables } from '@lakestream/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { offsetsOf } from './lake/table-writer';
import type { LakeSinkService } from './service';
import { allDeadLetters } from './testing/dead-letters';
import { changeEvent, type PrivateLake, privateLake, type Row } from './testing/harness';
import { duplicates } from './testing/lake-check';

const stack = loadStackConfig();
const registry = schemaRegistry(registryUrls(stack).confluent);

const orderItem = (id: number, overrides: Row = {}): Row => ({
  id: BigInt(id),
  tenant_id: 'acme',
  order_id: 500n,
  sku: `SKU-${id}`,
  quantity: 2,
  unit_price: '10.00',
  discount_amount: '0.00',
  line_amount: '20.00',
  created_at: 1_763_900_000_000_000n,
  updated_at: 1_763_900_000_000_000n,
  ...overrides,
});

const vendor = (id: number, name: string): Row => ({
  id: BigInt(id),
  tenant_id: 'acme',
  name,
  line_of_business: 'Technology',
  country_code: 'US',
  contact_email: `v${id}@example.com`,
  phone: '+1 555 0100',
  created_at: 1_763_900_000_000_000n,
  updated_at: 1_763_900_000_000_000n,
});

/** The schema with some fields' types replaced: the envelope's (top level) and the row's. */
function retyped(
  entity: string,
  envelope: Record<string, unknown>,
  row: Record<string, unknown>,
): RecordJson {
  const swap = (fields: readonly FieldJson[], types: Record<string, unknown>) =>
    fields.map((f) => (f.name in types ? ({ ...f, type: types[f.name] } as FieldJson) : f));
  const rowSchema = loadRowSchema(entity as 'order_items');
  const schema = changeEventSchema(entity, { ...rowSchema, fields: swap(rowSchema.fields, row) });
  return { ...schema, fields: swap(schema.fields, envelope) };
}

async function tableOffset(lake: PrivateLake, entity: string, table: string) {
  const storage = s3Storage(localS3Client(stack), lake.warehouse);
  const loaded = await readFileTable(storage, lake.tableLocation(table));
  return { loaded, next: offsetsOf(loaded?.metadata, lake.topic(entity)).get(0) };
}

/** Waits until both tables of the entity committed every offset below `end`, and the group caught up. */
async function landed(lake: PrivateLake, kafka: Kafka, entity: string, end: bigint) {
  await waitFor(
    async () => {
      for (const table of [entity, `${entity}_changes`])
        if ((await tableOffset(lake, entity, table)).next !== end) return false;
      return true;
    },
    { what: `${entity}: both tables at offset ${end}`, timeoutMs: 60_000 },
  );
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(() => groupCaughtUp(admin, lake.env.GROUP_ID, [lake.topic(entity)]), {
      what: 'the consumer group caught up (lag 0)',
      timeoutMs: 30_000,
    });
  } finally {
    await admin.disconnect();
  }
}

async function readTables(lake: PrivateLake, entity: string) {
  const metadata = await Promise.all(
    [`${entity}_changes`, entity].map(async (table) => {
      const { loaded } = await tableOffset(lake, entity, table);
      return { metadataLocation: loaded?.metadataLocation as string };
    }),
  );
  const [history, current] = await readLakeTables('pyiceberg', { s3: lakeS3(stack), reads: metadata });
  return { history: history?.rows ?? [], current: current?.rows ?? [] };
}

describe('values the Parquet encoder cannot write', () => {
  let sink: LakeSinkService | undefined;
  let crashed: Error | undefined;
  afterEach(async () => {
    await sink?.stop();
    sink = undefined;
    crashed = undefined;
  });

  const start = async (lake: PrivateLake, deps: { encode?: DataFileEncoder } = {}) => {
    sink = await lake.startSink({ COMMIT_INTERVAL_SECONDS: '1' }, deps);
    void sink.crashed.then((error) => {
      crashed = error;
    });
  };

  it('dead-letters a record whose value decodes but cannot be written, on arrival; the rest lands once', async () => {
    const lake = privateLake(uniqueName('lake-values'), stack, ['order_items']);
    await lake.createTopics(1);
    const kafka = new Kafka({
      clientId: lake.id,
      brokers: [lake.env.KAFKA_BROKERS],
      logLevel: logLevel.NOTHING,
    });

    // Bytes a producer wrote without honouring the registered schema, framed with its id: Avro's
    // decimal bytes carry no length limit, and avsc reads an int's varint past 32 bits. Both decode
    // under the schema the record names, and neither fits its lake column.
    const { id: schemaId } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(loadChangeEventSchema('order_items')) },
      { subject: `${lake.topic('order_items')}-value` },
    );
    const honest = avroType(loadChangeEventSchema('order_items'));
    const careless = avroType(
      retyped(
        'order_items',
        { schemaVersion: 'long' },
        {
          quantity: 'long',
          line_amount: { type: 'bytes', logicalType: 'decimal', precision: 38, scale: 2 },
        },
      ),
    );
    const framed = (bytes: Buffer) => {
      const header = Buffer.alloc(5);
      header.writeInt32BE(schemaId, 1);
      return Buffer.concat([header, bytes]);
    };
    const event = (id: number, overrides: Row = {}) =>
      changeEvent('order_items', 'c', String(id), id, orderItem(id, overrides), 'acme');
    const records = [
      framed(honest.toBuffer(event(1))),
      framed(careless.toBuffer(event(2, { line_amount: '100000000000.00' }))),
      framed(honest.toBuffer(event(3))),
      framed(careless.toBuffer(event(4, { quantity: 2n ** 31n }))),
      framed(honest.toBuffer(event(5))),
      framed(careless.toBuffer({ ...event(6), schemaVersion: 2n ** 31n })),
      framed(honest.toBuffer(event(7))),
    ];
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic: lake.topic('order_items'),
      messages: records.map((value, i) => ({ key: String(i + 1), value })),
      acks: -1,
    });
    await producer.disconnect();

    await start(lake);
    await landed(lake, kafka, 'order_items', 7n);
    expect(crashed).toBeUndefined();
    expect(sink?.state()).toBe('running');

    const dead = await allDeadLetters(kafka, lake.env.DLQ_TOPIC);
    expect(dead.map((d) => [d.sourceOffset, d.code, d.stage, d.table, d.reason])).toEqual([
      [
        '1',
        'SINK_VALUE_REFUSED',
        'lake',
        'order_items',
        'line_amount (decimal(12, 2)): expected at most 12 digits, got "100000000000.00"',
      ],
      [
        '3',
        'SINK_VALUE_REFUSED',
        'lake',
        'order_items',
        'quantity (int): expected a 32-bit integer number, got 2147483648',
      ],
      [
        '5',
        'SINK_VALUE_REFUSED',
        'lake',
        'order_items',
        '_schema_version (int): expected a 32-bit integer number, got 2147483648',
      ],
    ]);
    // The record as it arrived, to replay once the cause is fixed.
    expect(dead.map((d) => d.value?.equals(records[Number(d.sourceOffset)] as Buffer))).toEqual([
      true,
      true,
      true,
    ]);

    const { history, current } = await readTables(lake, 'order_items');
    expect(history.map((r) => r._kafka_offset).sort()).toEqual(['0', '2', '4', '6']);
    expect(current.map((r) => [r.id, r.quantity, r.line_amount]).sort()).toEqual([
      ['1', '2', '20.00'],
      ['3', '2', '20.00'],
      ['5', '2', '20.00'],
      ['7', '2', '20.00'],
    ]);
  });

  it('finds a record that fails to encode at commit time, dead-letters it, and lands the rest once', async () => {
    const lake = privateLake(uniqueName('lake-encode'), stack, ['vendors']);
    await lake.createTopics(1);
    const kafka = new Kafka({
      clientId: lake.id,
      brokers: [lake.env.KAFKA_BROKERS],
      logLevel: logLevel.NOTHING,
    });
    // Ten vendors, then an update of each; the update of vendor 2 (offset 11) is the one the encoder refuses.
    const events = [
      ...Array.from({ length: 10 }, (_, i) =>
        changeEvent('vendors', 'c', String(i + 1), i, vendor(i + 1, `v${i + 1}`), 'acme'),
      ),
      ...Array.from({ length: 10 }, (_, i) =>
        changeEvent(
          'vendors',
          'u',
          String(i + 1),
          10 + i,
          vendor(i + 1, i === 1 ? 'poison' : `v${i + 1} renamed`),
          'acme',
        ),
      ),
    ];
    await lake.produce('vendors', events);

    // The real encoder, except that a file holding the marked vendor fails as a bad value does:
    // what the accept-time check did not foresee, the commit-time search must still find.
    let refusals = 0;
    const encode: DataFileEncoder = (schema, rows) => {
      if ((rows as LakeColumns).columns?.name?.includes('poison')) {
        refusals += 1;
        throw new ParquetError('PARQUET_BAD_VALUE', 'name: "poison" cannot be written');
      }
      return encodeDataFile(schema, rows);
    };
    await start(lake, { encode });
    await landed(lake, kafka, 'vendors', 20n);
    expect(crashed).toBeUndefined();
    expect(sink?.state()).toBe('running');
    expect(refusals).toBeGreaterThan(0);

    const dead = await allDeadLetters(kafka, lake.env.DLQ_TOPIC);
    expect(dead.map((d) => [d.sourceOffset, d.code, d.stage, d.table])).toEqual([
      ['11', 'SINK_ENCODE_FAILED', 'lake', 'vendors'],
    ]);
    expect(dead[0]?.reason).toMatch(
      /^vendors(_changes)?: PARQUET_BAD_VALUE: name: "poison" cannot be written$/,
    );

    const { history, current } = await readTables(lake, 'vendors');
    const offsets = history.map((r) => String(r._kafka_offset));
    expect(duplicates(offsets)).toEqual([]);
    expect(offsets.sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 20 }, (_, i) => String(i)).filter((o) => o !== '11'),
    );
    // Vendor 2 keeps the name it had before the update that never became a row.
    expect(current.map((r) => [r.id, r.name]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(
      Array.from({ length: 10 }, (_, i) => [String(i + 1), i === 1 ? 'v2' : `v${i + 1} renamed`]),
    );
  });
});
