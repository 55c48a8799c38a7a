import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupCaughtUp } from '@lakestream/kafka';
import { uniqueName, waitFor } from '@lakestream/stack';
import { poisonSchemaId, readDeadLetters, spawnService, undecodableRecords } from '@lakestream/testkit';
import { collect, plainKafka, registryUrl, testIngestEnv } from './testing/harness';
import { poisonRecords, tenantEnvelope } from './testing/raw-cdc';

/**
 * cdc-ingest as its own process (as it runs in production) meets 1,000 poison records of every kind
 * between 1,000 good ones: bytes that are not JSON, an envelope of no known format, a row that breaks
 * a quality rule, a table that is not GlobalMart's, an unknown op, and Avro it can never decode. The
 * good records become ChangeEvents, every poison record is in the DLQ with its reason and where it
 * came from, the process never restarts, and the group's lag returns to zero.
 */
describe('cdc-ingest never stops on one record', () => {
  it('dead-letters 1,000 bad records with their reasons while the good ones around them flow', async () => {
    const prefix = uniqueName('raw').replace(/-/g, '_');
    const rawTopic = `${prefix}.globalmart.tenants`;
    const admin = plainKafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: rawTopic, numPartitions: 3 }] });
    const now = Date.now();
    // Avro with a schema id the registry never issued, or bytes no schema reads: framed like Debezium's.
    const avro = undecodableRecords(await poisonSchemaId(registryUrl)).filter(
      (p) => p.code !== 'AVRO_NOT_FRAMED',
    );
    const json = poisonRecords(prefix, 1000 - avro.length * 20, now);
    const poison = [
      ...json.map((p) => ({ key: p.key, value: Buffer.from(p.value) })),
      ...Array.from({ length: 20 }, () => avro.map((p) => ({ key: null, value: p.value }))).flat(),
    ];
    const messages = poison.flatMap((bad, i) => [
      bad,
      tenantEnvelope(prefix, {
        op: 'c',
        tenantId: `good-${i}`,
        name: `Good ${i}`,
        pos: 1000 + i,
        committedAtMs: now,
      }),
    ]);
    const producer = plainKafka.producer();
    await producer.connect();
    await producer.send({ topic: rawTopic, messages });
    await producer.disconnect();

    const env = testIngestEnv({
      SOURCE_TOPIC_PATTERN: `^${prefix}\\.globalmart\\.[a-z_]+$`,
      DEBEZIUM_TOPIC_PREFIX: prefix,
    });
    const logFile = join(mkdtempSync(join(tmpdir(), 'ingest-poison-')), 'cdc-ingest.log');
    const ingest = spawnService('services/cdc-ingest/dist/main.js', env, logFile);
    try {
      const good = await collect(
        `${env.CHANGES_TOPIC_PREFIX}tenants`,
        (all) => all.length >= 1000,
        `1,000 good changes (cdc-ingest's log: ${logFile})`,
      );
      expect(new Set(good.map((m) => m.key?.toString()))).toEqual(new Set(poison.map((_, i) => `good-${i}`)));
      const dead = await readDeadLetters(plainKafka, env.DLQ_TOPIC as string, 1000);
      expect(dead).toHaveLength(1000);
      const codes = new Map<string, number>();
      for (const letter of dead) {
        codes.set(letter.code ?? 'none', (codes.get(letter.code ?? 'none') ?? 0) + 1);
        expect(letter.reason).toMatch(/\S{3,}/);
        expect(letter.sourceTopic).toBe(rawTopic);
        expect(Number(letter.sourceOffset)).toBeGreaterThanOrEqual(0);
      }
      // Every kind of poison keeps a code naming what was wrong with it.
      expect(codes.get('QUALITY_FORMAT')).toBeGreaterThan(0);
      expect(codes.get('DECODE_UNKNOWN_TABLE')).toBeGreaterThan(0);
      expect(codes.get('DECODE_NOT_JSON')).toBeGreaterThan(0);
      expect(codes.get('AVRO_UNKNOWN_SCHEMA_ID')).toBe(20);
      expect(codes.get('AVRO_UNDECODABLE')).toBe(20);
      await waitFor(() => groupCaughtUp(admin, env.GROUP_ID as string, [rawTopic]), {
        what: 'the group to commit past every record (lag 0)',
        timeoutMs: 30_000,
      });
      expect(ingest.exitedOnItsOwn()).toBeUndefined();
    } finally {
      await admin.disconnect();
      await ingest.stop('SIGTERM');
    }
    expect(ingest.exitedOnItsOwn()).toBeUndefined();
  });
});
