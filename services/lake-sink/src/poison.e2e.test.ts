import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileTable } from '@lakestream/iceberg';
import { groupCaughtUp } from '@lakestream/kafka';
import { changeEventSchema, loadRowSchema } from '@lakestream/schemas';
import { loadStackConfig, localS3Client, uniqueName, waitFor } from '@lakestream/stack';
import { s3Storage } from '@lakestream/storage';
import {
  lakeS3,
  readDeadLetters,
  readLakeTables,
  spawnService,
  undecodableRecords,
} from '@lakestream/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { offsetsOf } from './lake/table-writer';
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
  created_at: 1_763_900_000_000_123n,
  updated_at: 1_763_900_000_000_456n,
});

/**
 * lake-sink as its own process (as it runs in production) meets poison of every kind between good
 * changes: bytes that are not Avro, an unknown schema id, bytes their schema cannot read, a column
 * of another type than the lake holds. The good rows land once, the poison is in the DLQ with its
 * reason, the process never restarts, and the group's lag returns to zero.
 */
describe('lake-sink never stops on one record', () => {
  it('dead-letters each poison record with its reason and moves on', async () => {
    const lake = privateLake(uniqueName('lake-poison-proc'), stack, ['vendors']);
    await lake.createTopics(1);
    const kafka = new Kafka({
      clientId: lake.id,
      brokers: [lake.env.KAFKA_BROKERS],
      logLevel: logLevel.NOTHING,
    });
    await lake.produce('vendors', [changeEvent('vendors', 'c', '1', 1, vendor(1, 'one'), 'acme')]);
    const schemaId = await lake.schemaIdOf('vendors');
    const poison = undecodableRecords(schemaId);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: lake.topic('vendors'),
      messages: poison.map(({ value }, i) => ({ key: `poison-${i}`, value })),
    });
    await producer.disconnect();
    // A schema whose `name` is a long, registered under another subject: the lake holds a string.
    const row = loadRowSchema('vendors');
    const conflicting = changeEventSchema('vendors', {
      ...row,
      fields: row.fields.map((f) => (f.name === 'name' ? { ...f, type: 'long' } : f)),
    });
    await lake.produce(
      'vendors',
      [changeEvent('vendors', 'c', '2', 2, vendor(2, 5n), 'acme')],
      conflicting,
      `${lake.id}.elsewhere-value`,
    );
    await lake.produce('vendors', [changeEvent('vendors', 'c', '3', 3, vendor(3, 'three'), 'acme')]);
    const last = BigInt(poison.length + 3);

    const logFile = join(mkdtempSync(join(tmpdir(), 'lake-poison-')), 'lake-sink.log');
    const sink = spawnService(
      'services/lake-sink/dist/main.js',
      { ...lake.env, COMMIT_INTERVAL_SECONDS: '1' },
      logFile,
    );
    const admin = kafka.admin();
    await admin.connect();
    try {
      const storage = s3Storage(localS3Client(stack), lake.warehouse);
      await waitFor(
        async () => {
          for (const table of ['vendors', 'vendors_changes']) {
            const loaded = await readFileTable(storage, lake.tableLocation(table));
            if (offsetsOf(loaded?.metadata, lake.topic('vendors')).get(0) !== last) return false;
          }
          return true;
        },
        { what: `both tables past every record (the sink's log: ${logFile})`, timeoutMs: 90_000 },
      );
      await waitFor(() => groupCaughtUp(admin, lake.env.GROUP_ID, [lake.topic('vendors')]), {
        what: 'the group to catch up (lag 0)',
        timeoutMs: 30_000,
      });
      const dead = await readDeadLetters(kafka, lake.env.DLQ_TOPIC, poison.length + 1);
      expect(dead.map((d) => d.code)).toEqual([...poison.map((p) => p.code), 'SINK_SCHEMA_REFUSED']);
      expect(dead.every((d) => d.stage === 'lake' && (d.reason ?? '').length > 0)).toBe(true);
      const loaded = await readFileTable(storage, lake.tableLocation('vendors'));
      const [current] = await readLakeTables('pyiceberg', {
        s3: lakeS3(stack),
        reads: [{ metadataLocation: loaded?.metadataLocation as string }],
      });
      expect(current?.rows.map((r) => [r.id, r.name]).sort()).toEqual([
        ['1', 'one'],
        ['3', 'three'],
      ]);
      expect(sink.exitedOnItsOwn()).toBeUndefined();
    } finally {
      await admin.disconnect();
      await sink.stop('SIGTERM');
    }
    expect(sink.exitedOnItsOwn()).toBeUndefined();
  });
});
