import { compareOrdinals, schemaRegistry } from '@lakestream/schemas';
import { waitFor } from '@lakestream/stack';
import type { KafkaMessage } from 'kafkajs';
import { plainKafka, registryUrl, startIngest, testIngestEnv } from './testing/harness';
import { type PrivateSource, privateSource } from './testing/private-source';

const registry = schemaRegistry(registryUrl);

interface Event {
  op: string;
  key: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  sourcePosition: { ordinal: string; file: string | null; pos: bigint };
  committedAt: bigint;
  tenantId: string | null;
}

interface Received {
  partition: number;
  offset: bigint;
  event: Event;
  /** The raw record it came from: `<topic>/<partition>/<offset>` (cdc-ingest's lakestream.source). */
  source: string;
}

/**
 * TRUNCATE at a real MariaDB, through a real Debezium connector configured as the stack's recipe
 * renders it (skipped.operations=none), into cdc-ingest. The shared tables are not touched: the
 * connector and the table are this test's own (src/testing/private-source.ts), so cdc-ingest is told
 * that database is its source (SOURCE_DATABASE).
 */
describe('a TRUNCATE at the source', () => {
  let source: PrivateSource;
  beforeAll(async () => {
    source = await privateSource(['fx_rates']);
  });
  afterAll(async () => {
    await source?.close();
  });

  it('reaches every partition of the changes topic as one t event, ordered after the rows it removes', async () => {
    const prefix = source.connector.topicPrefix;
    const env = testIngestEnv({
      SOURCE_TOPIC_PATTERN: `^${prefix}\\.${source.database}\\.[a-z_]+$`,
      DEBEZIUM_TOPIC_PREFIX: prefix,
      SOURCE_DATABASE: source.database,
    });
    // Four partitions, not the three of the raw topic or the broker's default: the count must be
    // the changes topic's own, read from the cluster.
    const topic = `${env.CHANGES_TOPIC_PREFIX}fx_rates`;
    const admin = plainKafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 4 }] });
    await admin.disconnect();

    const { service, metricsRegistry } = await startIngest(env);
    const received: Received[] = [];
    // Three servers and two clients between the SQL and the assertion: a wait that runs out says
    // how far things got.
    const until = async (condition: () => boolean, what: string) => {
      try {
        await waitFor(condition, { what, timeoutMs: 60_000, intervalMs: 200 });
      } catch (error) {
        const counters = (await metricsRegistry.getMetricsAsJSON())
          .filter((m) => /^lakestream_ingest_(records_in|changes_out|dead_lettered)_total$/.test(m.name))
          .map((m) => `${m.name} ${JSON.stringify(m.values.map((v) => [v.labels, v.value]))}`);
        throw new Error(
          `${(error as Error).message}; loop ${service.state()}, ${received.length} events read; ${counters.join('; ')}`,
        );
      }
    };
    const consumer = plainKafka.consumer({ groupId: `${env.GROUP_ID}-reader`, readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }: { partition: number; message: KafkaMessage }) => {
        const event = (await registry.decode(message.value as Buffer)) as Event;
        const source = message.headers?.['lakestream.source']?.toString() ?? '';
        received.push({ partition, offset: BigInt(message.offset), event, source });
      },
    });
    const rowsBefore = ['CHF', 'EUR', 'GBP', 'JPY', 'SEK', 'NOK', 'DKK', 'PLN'];
    const keysOf = (op: string) => new Set(received.filter((r) => r.event.op === op).map((r) => r.event.key));
    const db = await source.connect();
    try {
      for (const currency of rowsBefore) {
        await db.execute(
          "INSERT INTO fx_rates (currency, rate_date, rate_to_usd) VALUES (?, '2026-11-30', 1.5)",
          [currency],
        );
      }
      // Once every row is out, the connector streams from a position before them (its snapshot read
      // the position first), so the TRUNCATE after them is streamed, not snapshotted away.
      await until(
        () => rowsBefore.every((c) => keysOf('c').has(`${c}|20787`) || keysOf('r').has(`${c}|20787`)),
        'the rows before the truncate',
      );
      await db.query('TRUNCATE TABLE fx_rates');
      await db.execute(
        "INSERT INTO fx_rates (currency, rate_date, rate_to_usd) VALUES ('USD', '2026-12-01', 1)",
      );
      await until(
        () => received.filter((r) => r.event.op === 't').length >= 4 && keysOf('c').has('USD|20788'),
        'a t event per partition and the row after it',
      );
    } finally {
      await db.end();
      await consumer.disconnect();
      await service.stop();
    }

    const truncates = received.filter((r) => r.event.op === 't');
    expect(truncates.map((r) => r.partition).sort()).toEqual([0, 1, 2, 3]);
    const [first] = truncates;
    for (const { event } of truncates) {
      expect(event).toMatchObject({ key: '', before: null, after: null, tenantId: null });
      expect(event.sourcePosition).toEqual(first?.event.sourcePosition);
      expect(event.committedAt).toBe(first?.event.committedAt);
    }
    // Every row inserted before the TRUNCATE is older than it, the one inserted after is newer.
    const ordinal = first?.event.sourcePosition.ordinal ?? '';
    const rows = received.filter((r) => r.event.op !== 't');
    for (const r of rows) {
      const newer = r.event.key === 'USD|20788';
      expect([r.event.key, compareOrdinals(r.event.sourcePosition.ordinal, ordinal)]).toEqual([
        r.event.key,
        newer ? 1 : -1,
      ]);
    }
    // Debezium writes a truncate, which has no key, to one partition of the raw topic, and cdc-ingest
    // keeps the order of each raw partition only: against the rows read from the truncate's own raw
    // partition, each changes partition has the t where the source had it. (Rows of the other raw
    // partitions may arrive on either side of it; sinks order by ordinal, libs/schemas README.)
    const rawPartition = (r: Received) => r.source.split('/').slice(0, -1).join('/');
    const truncateRaw = rawPartition(first as Received);
    for (const r of rows.filter((x) => rawPartition(x) === truncateRaw)) {
      const truncate = truncates.find((t) => t.partition === r.partition);
      const older = compareOrdinals(r.event.sourcePosition.ordinal, ordinal) < 0;
      expect([r.event.key, r.offset < (truncate?.offset ?? -1n)]).toEqual([r.event.key, older]);
    }
    expect(received.find((r) => r.event.key === 'USD|20788')?.event.op).toBe('c');
  }, 240_000);
});
