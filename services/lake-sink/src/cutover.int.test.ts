import { setTimeout as pause } from 'node:timers/promises';
import { loadEnrichConfig } from '@lakestream/enricher/dist/config';
import {
  changeProducer,
  createTopics,
  startEnrich,
  testEnrichEnv,
} from '@lakestream/enricher/dist/testing/harness';
import { encodeDataFile, readDataFileColumns, readFileTable } from '@lakestream/iceberg';
import { groupCaughtUp } from '@lakestream/kafka';
import { silentLog } from '@lakestream/runtime';
import type { ChangeEvent } from '@lakestream/schemas';
import { loadStackConfig, localS3Client, uniqueName, waitFor } from '@lakestream/stack';
import { s3Storage } from '@lakestream/storage';
import { lakeS3, readLakeTables } from '@lakestream/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { cutOver } from './cutover/cutover';
import { offsetsOf } from './lake/table-writer';
import type { LakeSinkService } from './service';
import { changeEvent, privateLake, type Row } from './testing/harness';

const stack = loadStackConfig();

const vendor = (id: number, version: number): Row => ({
  id: BigInt(id),
  tenant_id: 'acme',
  name: `vendor ${id} v${version}`,
  line_of_business: 'Technology',
  country_code: 'US',
  contact_email: `Buyer${id}@Example.com`,
  phone: `+1 555 01${String(id).padStart(2, '0')}`,
  created_at: 1_763_900_000_000_000n,
  updated_at: 1_763_900_000_000_000n + BigInt(version),
});

/** Changes at source positions [from, to): a create per new vendor, then updates, 40 vendors. */
function changes(from: number, to: number): ChangeEvent<Row>[] {
  const events: ChangeEvent<Row>[] = [];
  for (let pos = from; pos < to; pos += 1) {
    const id = pos % 40;
    events.push(changeEvent('vendors', pos < 40 ? 'c' : 'u', String(id), pos, vendor(id, pos), 'acme'));
  }
  return events;
}

describe('cut-over of an existing lake from the changes topics to the enriched topics', () => {
  const env = testEnrichEnv({ ENTITIES: 'vendors' });
  const lake = privateLake(uniqueName('lake-cutover'), stack, ['vendors']);
  const changesTopic = `${env.CHANGES_TOPIC_PREFIX}vendors`;
  const enrichedTopic = `${env.ENRICHED_TOPIC_PREFIX}vendors`;
  const kafka = new Kafka({
    clientId: lake.id,
    brokers: [lake.env.KAFKA_BROKERS],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const storage = s3Storage(localS3Client(stack), lake.warehouse);
  let sink: LakeSinkService | undefined;
  let enricher: Awaited<ReturnType<typeof startEnrich>> | undefined;

  beforeAll(async () => {
    await admin.connect();
    // Three partitions each, so the mapping of a changes partition to its enriched one is exercised.
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: changesTopic, numPartitions: 3 },
        { topic: enrichedTopic, numPartitions: 3 },
        { topic: `${lake.id}.dlq`, numPartitions: 1 },
      ],
    });
  });
  afterAll(async () => {
    await sink?.stop();
    await enricher?.service.stop();
    await admin.disconnect();
  });

  const cutover = () =>
    cutOver(
      {
        kafka,
        admin,
        log: silentLog,
        pause,
        storage,
        encode: encodeDataFile,
        readColumns: readDataFileColumns,
        now: Date.now,
      },
      {
        fromPrefix: env.CHANGES_TOPIC_PREFIX as string,
        toPrefix: env.ENRICHED_TOPIC_PREFIX as string,
        entities: ['vendors'],
        namespace: 'globalmart',
        sinkGroup: lake.env.GROUP_ID,
        enricherGroup: env.GROUP_ID as string,
        waitMs: 60_000,
        dryRun: false,
      },
    );

  /** Whether both tables hold the topic up to its end (the group caught up, and committed it). */
  const tablesAtEnd = (topic: string) => async () => {
    const ends = await admin.fetchTopicOffsets(topic);
    for (const table of ['vendors', 'vendors_changes']) {
      const loaded = await readFileTable(storage, lake.tableLocation(table));
      const offsets = offsetsOf(loaded?.metadata, topic);
      if (!ends.every((e) => e.high === '0' || offsets.get(e.partition) === BigInt(e.high))) return false;
    }
    return true;
  };

  it('neither loses nor doubles a change, and every change after it arrives enriched', async () => {
    const enrichConfig = loadEnrichConfig(env);
    await createTopics(enrichConfig);
    enricher = await startEnrich(env);
    const producer = changeProducer(enrichConfig);
    const sinkEnv = { INPUT_TOPIC_PREFIX: env.CHANGES_TOPIC_PREFIX as string, COMMIT_INTERVAL_SECONDS: '1' };
    try {
      // The lake as it was: fed by the changes topics, the enricher running beside it.
      await producer.send('vendors', changes(0, 150));
      sink = await lake.startSink(sinkEnv);
      await waitFor(tablesAtEnd(changesTopic), {
        what: 'the lake to hold the first changes',
        timeoutMs: 90_000,
      });
      await expect(cutover()).rejects.toThrow(/live member/);
      await sink.stop();
      sink = undefined;

      // Changes go on while the sink is stopped; the cut-over waits for the enricher where it must.
      await producer.send('vendors', changes(150, 300));
      const moved = await cutover();
      expect(moved.map((m) => [m.table, m.outcome])).toEqual([
        ['vendors_changes', 'moved'],
        ['vendors', 'moved'],
      ]);
      sink = await lake.startSink({ ...sinkEnv, INPUT_TOPIC_PREFIX: env.ENRICHED_TOPIC_PREFIX as string });
      await producer.send('vendors', changes(300, 400));
      await waitFor(() => groupCaughtUp(admin, env.GROUP_ID as string, [changesTopic]), {
        what: 'the enricher to enrich every change',
        timeoutMs: 90_000,
      });
      await waitFor(tablesAtEnd(enrichedTopic), {
        what: 'the lake to hold the enriched topic',
        timeoutMs: 90_000,
      });
    } finally {
      await producer.close();
    }

    const tables = await Promise.all(
      ['vendors_changes', 'vendors'].map((t) => readFileTable(storage, lake.tableLocation(t))),
    );
    const [history, current] = await readLakeTables('pyiceberg', {
      s3: lakeS3(stack),
      reads: tables.map((t) => ({ metadataLocation: t?.metadataLocation as string })),
    });
    const all = changes(0, 400);
    const position = new Map(all.map((e, pos) => [`${e.key}@${e.sourcePosition.ordinal}`, pos]));
    // Every change once, none twice, none missing.
    const ids = (history?.rows ?? []).map((r) => `${r._key}@${r._source_ordinal}`);
    expect(ids).toHaveLength(400);
    expect(new Set(ids)).toEqual(new Set(position.keys()));
    // The first 150 came from the changes topic (raw, no enrichment); every later one enriched,
    // with its PII as tokens.
    for (const row of history?.rows ?? []) {
      const pos = position.get(`${row._key}@${row._source_ordinal}`) as number;
      if (pos < 150)
        expect([row._enrichment_status ?? null, row.contact_email]).toEqual([
          null,
          expect.stringMatching(/@/),
        ]);
      else
        expect([row._enrichment_status, row.contact_email]).toEqual([
          expect.any(String),
          expect.stringMatching(/^test-k1:/),
        ]);
    }
    // The current state: each vendor's last change.
    const last = new Map<string, string>();
    for (const e of all) last.set(e.key, String(e.after?.name));
    expect(new Map((current?.rows ?? []).map((r) => [String(r._key), String(r.name)]))).toEqual(last);

    // Run again, it changes nothing: both tables read the enriched topic already.
    await sink?.stop();
    sink = undefined;
    expect((await cutover()).map((m) => m.outcome)).toEqual(['already', 'already']);
  });
});
