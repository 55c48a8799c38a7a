/**
 * lake-sink throughput into Iceberg on the local stack, beside a bare kafkajs consume of the same
 * topics in the same run. Run with the stack up: `npm run build && npm run bench:lake-sink`.
 *   1. the live-row index at a million keys: heap, checkpoint size, checkpoint save and load;
 *   2. per workload (insert-only; update-heavy, every other change an update of an earlier order) and
 *      per topic count (1, 5, 20; each topic feeds two Iceberg tables, `tNN_changes` and `tNN`): a
 *      backlog of BENCH_CHANGES orders ChangeEvents spread over the topics, read once by a bare kafkajs
 *      consumer, then by the sink in this process with COMMIT_INTERVAL_SECONDS=5 from start until
 *      every table's committed offsets (its snapshot summary) cover the backlog.
 * BENCH_CPU_PROFILE_DIR=<folder> writes a CPU profile of each sink run there.
 * Every scenario has its own topics, group and S3 prefix (privateLake); its topics are deleted after.
 */

// As in api-main.ts: the SDK's Node 22 notice (docs/decisions/0002) would otherwise open the output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeDataFile, encoderPool, readDataFileColumns, readFileTable } from '@lakestream/iceberg';
import { connectKafka } from '@lakestream/kafka';
import { loadSinkConfig } from '@lakestream/lake-sink/dist/config';
import { offsetsOf } from '@lakestream/lake-sink/dist/lake/table-writer';
import { lakeSinkService } from '@lakestream/lake-sink/dist/service';
import { type PrivateLake, privateLake } from '@lakestream/lake-sink/dist/testing/harness';
import { orderChanges, type Workload } from '@lakestream/lake-sink/dist/testing/order-workload';
import { silentLog } from '@lakestream/runtime';
import { recordDecoder } from '@lakestream/schemas';
import {
  loadStackConfig,
  localS3Client,
  registryUrls,
  renderTable,
  uniqueName,
  waitFor,
} from '@lakestream/stack';
import { s3Storage, warehouseS3Client, warehouseStorage } from '@lakestream/storage';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { profiled } from './cpu-profile';
import { recordCommits } from './lake-sink-commits';
import { indexFootprint } from './lake-sink-index';
import { percentile, perSecond } from './stats';

const stack = loadStackConfig();
const brokers = `${stack.host}:${stack.ports.kafka}`;
const kafka = new Kafka({ clientId: 'bench-lake', brokers: [brokers], logLevel: logLevel.NOTHING });
/**
 * A multiple of the commit size and of 1, 5 and 20: the backlog ends with a size-triggered commit, so
 * the rate is not diluted by the last partial batch waiting out the commit interval.
 */
const changes = Number(process.env.BENCH_CHANGES ?? 300_000);
const topicCounts = (process.env.BENCH_TOPICS ?? '1,5,20').split(',').map(Number);
const workloads = (process.env.BENCH_WORKLOADS ?? 'insert-only,update-heavy').split(',') as Workload[];
const commitSeconds = process.env.BENCH_COMMIT_SECONDS ?? '5';
/**
 * Records per commit before the interval is up: a divisor of the backlog, so the run ends on a
 * size-triggered commit rather than waiting out the interval.
 */
const commitMaxRows = process.env.BENCH_COMMIT_MAX_ROWS ?? '100000';
const indexKeys = Number(process.env.BENCH_INDEX_KEYS ?? 1_000_000);
/** A folder for one CPU profile of each sink run (not of producing or the bare consume). */
const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
const GOAL_ROWS_PER_SECOND = 30_000;
/** Same fetch size as the sink's consumer (service.ts), so the yardstick reads the same way. */
const MAX_BYTES_PER_PARTITION = 4 * 1024 * 1024;
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const seconds = (ms: number | undefined) => (ms === undefined ? '-' : (ms / 1000).toFixed(2));

async function produce(lake: PrivateLake, workload: Workload, entities: string[], perTopic: number) {
  // Two topics at a time: the registry encodes in this process, so more only queues up.
  for (let i = 0; i < entities.length; i += 2) {
    await Promise.all(
      entities.slice(i, i + 2).map(async (entity, j) => {
        for (const chunk of orderChanges(workload, perTopic, i + j + 1)) await lake.produce(entity, chunk);
      }),
    );
  }
}

/**
 * The harness creates the topics and waits for their leaders; on a busy broker that wait can fail with
 * UNKNOWN_TOPIC_OR_PARTITION for a topic just created, so a failure is followed by a wait of our own.
 */
async function createTopics(lake: PrivateLake, topics: string[]) {
  const failed = await lake.createTopics(3).then(
    () => undefined,
    (error: Error) => error,
  );
  if (!failed) return;
  progress(`topic creation reported ${failed.message}; waiting for leaders`);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      async () => {
        const { topics: found } = await admin.fetchTopicMetadata({ topics }).catch(() => ({ topics: [] }));
        return (
          found.length === topics.length &&
          found.every((t) => t.partitions.length === 3 && t.partitions.every((p) => p.leader >= 0))
        );
      },
      { what: 'leaders for the benchmark topics', timeoutMs: 60_000, intervalMs: 250 },
    );
  } finally {
    await admin.disconnect();
  }
}

/** The yardstick: kafkajs reading every record of the topics with nothing done per record. */
async function bareConsume(topics: string[], expected: number): Promise<number> {
  let seen = 0;
  const consumer = kafka.consumer({
    groupId: uniqueName('bench-bare'),
    maxBytesPerPartition: MAX_BYTES_PER_PARTITION,
  });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const started = performance.now();
  await consumer.run({
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
    },
  });
  await waitFor(() => seen >= expected, { what: 'the bare consume', timeoutMs: 300_000, intervalMs: 10 });
  const ms = performance.now() - started;
  await consumer.disconnect();
  return ms;
}

const sum = (offsets: Map<number, bigint>) => [...offsets.values()].reduce((a, b) => a + b, 0n);

/** The sink from start until every table's committed offsets cover what each topic holds. */
async function sinkBacklog(lake: PrivateLake, perTopic: number) {
  const stateDir = await mkdtemp(join(tmpdir(), 'bench-lake-sink-'));
  const config = loadSinkConfig({
    ...process.env,
    ...lake.env,
    COMMIT_INTERVAL_SECONDS: commitSeconds,
    COMMIT_MAX_ROWS: commitMaxRows,
    STATE_DIR: stateDir,
  });
  const storage = s3Storage(
    warehouseS3Client({
      endpoint: `http://${stack.host}:${stack.ports.s3}`,
      region: stack.s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: stack.s3.accessKeyId, secretAccessKey: stack.s3.secretAccessKey },
    }),
    config.LAKESTREAM_WAREHOUSE,
  );
  // Built as main.ts builds it, with a fresh registry decoder (no schemas cached from producing).
  const pool = config.ENCODE_THREADS > 0 ? encoderPool(config.ENCODE_THREADS) : undefined;
  const service = lakeSinkService(config, {
    kafka: connectKafka({ brokers: config.KAFKA_BROKERS, clientId: `${lake.id}-sink`, log: silentLog }),
    decoder: recordDecoder({ registryUrl: registryUrls(stack).confluent }),
    storage,
    claimChecks: warehouseStorage(config.CLAIM_CHECK_LOCATION, () => localS3Client(stack)),
    encode: pool?.encode ?? encodeDataFile,
    readColumns: readDataFileColumns,
    metricsRegistry: new Registry(),
    log: silentLog,
  });
  const started = performance.now();
  await service.start();
  const covered = () =>
    service.entities().every((e) => e.writers.every((w) => sum(w.offsets) === BigInt(perTopic)));
  await Promise.race([
    waitFor(covered, { what: 'the sink to commit the backlog', timeoutMs: 600_000, intervalMs: 10 }),
    service.crashed.then((error) => Promise.reject(error)),
  ]);
  const ms = performance.now() - started;
  await service.stop();
  await pool?.close();
  // The tables on S3, not the writers' memory, are the truth: check every one.
  for (const entity of service.entities()) {
    for (const writer of entity.writers) {
      const loaded = await readFileTable(storage, writer.location);
      const total = sum(offsetsOf(loaded?.metadata, entity.topic));
      if (total !== BigInt(perTopic))
        throw new Error(`${writer.name.name} committed ${total} of ${perTopic}`);
    }
  }
  await rm(stateDir, { recursive: true, force: true });
  return ms;
}

const quantiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `${seconds(percentile(sorted, 50))} / ${seconds(percentile(sorted, 99))} / ${seconds(sorted.at(-1))}`;
};

async function scenario(workload: Workload, topics: number): Promise<{ row: string[]; rate: number }> {
  const entities = Array.from({ length: topics }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);
  const perTopic = Math.floor(changes / topics);
  const total = perTopic * topics;
  const lake = privateLake(uniqueName('bench-lake'), stack, entities);
  const names = entities.map(lake.topic);
  await createTopics(lake, names);
  try {
    const started = performance.now();
    await produce(lake, workload, entities, perTopic);
    progress(
      `${workload}, ${topics} topic(s): ${total} changes produced in ${seconds(performance.now() - started)} s`,
    );
    const bareMs = await bareConsume(names, total);
    const commits = recordCommits();
    const sinkStarted = performance.now();
    const sinkMs = await profiled(profileDir, `lake-sink-${workload}-${topics}`, () =>
      sinkBacklog(lake, perTopic),
    ).finally(() => commits.restore());
    progress(
      `${workload}, ${topics} topic(s): sink done in ${seconds(sinkMs)} s, bare in ${seconds(bareMs)} s`,
    );
    progress(
      `commits at ${commits.rounds.map((r) => `${seconds(r.startedAt - sinkStarted)} s (${seconds(r.ms)} s)`).join(', ')}`,
    );
    const bare = perSecond(total, bareMs);
    const sink = perSecond(total, sinkMs);
    const rows = (kind: 'changes' | 'current') =>
      commits.commits.filter((c) => c.kind === kind).reduce((n, c) => n + c.result.rows, 0);
    const deletes = commits.commits.reduce((n, c) => n + c.result.deletes, 0);
    const files = commits.rounds.map((r) => r.files);
    // The cadence: from one commit's start to the next (the first from the sink's start).
    const starts = [sinkStarted, ...commits.rounds.map((r) => r.startedAt)];
    const gaps = starts
      .slice(1)
      .map((t, i) => t - (starts[i] ?? t))
      .sort((a, b) => a - b);
    const tableFiles = commits.commits.map((c) => c.result.dataFiles + c.result.deleteFiles);
    const avg = (values: number[]) =>
      (values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)).toFixed(1);
    return {
      rate: sink,
      row: [
        workload,
        String(topics),
        String(total),
        String(bare),
        String(sink),
        String(perSecond(rows('changes') + rows('current') + deletes, sinkMs)),
        `${((sink / bare) * 100).toFixed(1)}%`,
        String(commits.rounds.length),
        `${seconds(percentile(gaps, 50))} / ${seconds(gaps.at(-1))}`,
        quantiles(commits.rounds.map((r) => r.ms)),
        quantiles(commits.commits.map((c) => c.ms)),
        `${avg(files)} (${avg(tableFiles)})`,
        `${rows('changes')} / ${rows('current')}`,
        String(deletes),
      ],
    };
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: names }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function main() {
  const benchStarted = performance.now();
  const footprints = [];
  for (const shape of ['order id', 'sku|warehouse'] as const) {
    progress(`live-row index: ${indexKeys} ${shape} keys over 200 files`);
    footprints.push(await indexFootprint(shape, indexKeys));
  }
  const perMillion = (bytes: number, count: number) => mib((bytes * 1_000_000) / count);
  const indexTable = renderTable(
    ['INDEX KEYS', 'KEYS', 'HEAP PER 1M KEYS', 'CHECKPOINT PER 1M KEYS', 'SAVE S', 'LOAD S'],
    footprints.map((f) => [
      f.keys,
      String(f.count),
      `${perMillion(f.heapBytes, f.count)}${f.exactHeap ? '' : ' (no --expose-gc)'}`,
      perMillion(f.checkpointBytes, f.count),
      seconds(f.saveMs),
      seconds(f.loadMs),
    ]),
  );

  const results = [];
  for (const workload of workloads)
    for (const topics of topicCounts) results.push(await scenario(workload, topics));

  process.stdout.write(`\n${indexTable}\n\n`);
  process.stdout.write(
    `${renderTable(
      [
        'WORKLOAD',
        'TOPICS',
        'CHANGES',
        'BARE KAFKAJS REC/S',
        'SINK CHANGES/S',
        'ROWS WRITTEN/S',
        'RATIO',
        'COMMITS',
        'COMMIT EVERY S P50/MAX',
        'COMMIT S P50/P99/MAX',
        'TABLE COMMIT S P50/P99/MAX',
        'FILES/COMMIT (/TABLE)',
        'ROWS HISTORY / CURRENT',
        'POS DELETES',
      ],
      results.map((r) => r.row),
    )}\n`,
  );
  const slowest = Math.min(...results.map((r) => r.rate));
  process.stdout.write(
    [
      `(each topic feeds two Iceberg tables; changes/s = changes / (sink start → every table's snapshot`,
      ` covers the backlog), group join included; rows written = history rows + current-state rows +`,
      ` position deletes, over the same time; a commit is one flush of every dirty table, in parallel,`,
      ` while the next batch is consumed; COMMIT_INTERVAL_SECONDS=${commitSeconds}, COMMIT_MAX_ROWS=${commitMaxRows},`,
      ` ENCODE_THREADS=${process.env.ENCODE_THREADS ?? 'default'})`,
      `goal ≥ ${GOAL_ROWS_PER_SECOND} changes/s: ${slowest >= GOAL_ROWS_PER_SECOND ? 'met' : 'not met'} (slowest ${slowest}); bench took ${seconds(performance.now() - benchStarted)} s`,
      '',
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
