import { readFileTable } from '@lakestream/iceberg';
import { dlqHeader } from '@lakestream/kafka';
import { changeEventSchema, loadRowSchema } from '@lakestream/schemas';
import { loadStackConfig, localS3Client, uniqueName, waitFor } from '@lakestream/stack';
import { s3Storage } from '@lakestream/storage';
import { lakeS3, readLakeTables } from '@lakestream/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { offsetsOf } from './lake/table-writer';
import type { LakeSinkService } from './service';
import { changeEvent, privateLake, type Row } from './testing/harness';

const stack = loadStackConfig();

const vendor = (id: number, name: unknown): Row => ({
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

describe('records that can never become a row', () => {
  let sink: LakeSinkService | undefined;
  afterAll(() => sink?.stop());

  it('go to the dead-letter topic with the reason, and the rest still lands', async () => {
    const lake = privateLake(uniqueName('lake-dlq'), stack, ['vendors']);
    await lake.createTopics(1);
    const kafka = new Kafka({
      clientId: lake.id,
      brokers: [lake.env.KAFKA_BROKERS],
      logLevel: logLevel.NOTHING,
    });
    await lake.produce('vendors', [changeEvent('vendors', 'c', '1', 1, vendor(1, 'one'), 'acme')]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: lake.topic('vendors'),
      messages: [{ key: '2', value: Buffer.from('not avro') }],
    });
    await producer.disconnect();
    // A schema whose `name` is a long: registered elsewhere (the topic's subject would refuse it), but
    // a record still carries its id. The lake has `name` as a string, so the row cannot be written.
    const row = loadRowSchema('vendors');
    const conflicting = changeEventSchema('vendors', {
      ...row,
      fields: row.fields.map((f) => (f.name === 'name' ? { ...f, type: 'long' } : f)),
    });
    await lake.produce(
      'vendors',
      [changeEvent('vendors', 'c', '3', 3, vendor(3, 5n), 'acme')],
      conflicting,
      `${lake.id}.elsewhere-value`,
    );
    await lake.produce('vendors', [changeEvent('vendors', 'c', '4', 4, vendor(4, 'four'), 'acme')]);

    sink = await lake.startSink({ COMMIT_INTERVAL_SECONDS: '1' });
    const storage = s3Storage(localS3Client(stack), lake.warehouse);
    await waitFor(
      async () => {
        for (const table of ['vendors', 'vendors_changes']) {
          const loaded = await readFileTable(storage, lake.tableLocation(table));
          if (offsetsOf(loaded?.metadata, lake.topic('vendors')).get(0) !== 4n) return false;
        }
        return true;
      },
      { what: 'every offset committed, dead letters included', timeoutMs: 60_000 },
    );
    expect(sink.state()).toBe('running');

    const dead: { code?: string; offset?: string; value: string }[] = [];
    const consumer = kafka.consumer({ groupId: `${lake.id}-dlq-reader` });
    await consumer.connect();
    await consumer.subscribe({ topic: lake.env.DLQ_TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        dead.push({
          code: message.headers?.[dlqHeader.code]?.toString(),
          offset: message.headers?.[dlqHeader.sourceOffset]?.toString(),
          value: message.value?.toString('latin1') ?? '',
        });
      },
    });
    await waitFor(() => dead.length >= 2, { what: 'two dead letters', timeoutMs: 30_000 });
    await consumer.disconnect();
    expect(dead.map((d) => [d.offset, d.code])).toEqual([
      ['1', 'AVRO_NOT_FRAMED'],
      ['2', 'SINK_SCHEMA_REFUSED'],
    ]);
    expect(dead[0]?.value).toBe('not avro');

    const loaded = await readFileTable(storage, lake.tableLocation('vendors'));
    const [result] = await readLakeTables('pyiceberg', {
      s3: lakeS3(stack),
      reads: [{ metadataLocation: loaded?.metadataLocation as string }],
    });
    expect(result?.rows.map((r) => [r.id, r.name]).sort()).toEqual([
      ['1', 'one'],
      ['4', 'four'],
    ]);
  });
});
