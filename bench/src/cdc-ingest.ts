import { silentLog } from '@lakestream/runtime';
import { registryUrls } from '@lakestream/stack';
/**
 * cdc-ingest throughput and latency on the local stack, beside a bare kafkajs consume of the same
 * input in the same run. Run with the stack up: `npm run build && node bench/dist/cdc-ingest.js`.
 *   1. backlog, Avro: every record Debezium wrote for the seeded GlobalMart tables;
 *   2. backlog, JSON: N synthetic Debezium JSON envelopes;
 *   3. steady rate: JSON envelopes produced at a fixed rate, source commit → ChangeEvent readable.
 */

import { loadIngestConfig } from '@lakestream/cdc-ingest/dist/config';
import { ingestService } from '@lakestream/cdc-ingest/dist/service';
import { tenantEnvelope } from '@lakestream/cdc-ingest/dist/testing/raw-cdc';
import { connectKafka } from '@lakestream/kafka';
import { loadStackConfig, localS3Client, renderTable, uniqueName, waitFor } from '@lakestream/stack';
import { warehouseStorage } from '@lakestream/storage';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { percentile, perSecond } from './stats';

const stack = loadStackConfig();
const brokers = [`${stack.host}:${stack.ports.kafka}`];
const registryUrl = registryUrls(stack).confluent;
const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });
const silent = silentLog;
const jsonRecords = Number(process.env.BENCH_JSON_RECORDS ?? 100_000);
const steadyRate = Number(process.env.BENCH_RATE ?? 2_000);
const steadySeconds = Number(process.env.BENCH_SECONDS ?? 15);
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function inputSize(admin: Admin, topics: string[]): Promise<number> {
  let n = 0;
  for (const topic of topics)
    for (const p of await admin.fetchTopicOffsets(topic)) n += Number(p.high) - Number(p.low);
  return n;
}

/** The yardstick: kafkajs consuming the same topics with nothing done per record. */
async function bareConsume(topics: string[], expected: number): Promise<number> {
  let seen = 0;
  const consumer = kafka.consumer({ groupId: uniqueName('bench-bare') });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const started = Date.now();
  await consumer.run({
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
    },
  });
  await waitFor(() => seen >= expected, { what: 'the bare consume', timeoutMs: 600_000, intervalMs: 20 });
  const ms = Date.now() - started;
  await consumer.disconnect();
  return ms;
}

function startIngest(env: Record<string, string>) {
  const config = loadIngestConfig({
    KAFKA_BROKERS: brokers.join(','),
    SCHEMA_REGISTRY_URL: registryUrl,
    GROUP_ID: uniqueName('bench-ingest'),
    CHANGES_TOPIC_PREFIX: `${uniqueName('bench')}.changes.`,
    DLQ_TOPIC: `${uniqueName('bench')}.dlq`,
    ...env,
  });
  const service = ingestService(config, {
    kafka: connectKafka({ brokers, clientId: 'bench-ingest', log: silent }),
    metricsRegistry: new Registry(),
    log: silent,
    claimChecks: warehouseStorage(config.CLAIM_CHECK_LOCATION, () => localS3Client(stack)),
  });
  return { service, config };
}

/** Time from start until every input offset is committed (outputs and offsets commit together). */
async function ingestBacklog(admin: Admin, topics: string[], expected: number, env: Record<string, string>) {
  const { service, config } = startIngest(env);
  const started = Date.now();
  await service.start();
  await waitFor(
    async () => {
      const committed = await admin.fetchOffsets({ groupId: config.GROUP_ID, topics });
      return (
        committed.flatMap((t) => t.partitions).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0) >=
        expected
      );
    },
    { what: 'cdc-ingest to commit the backlog', timeoutMs: 900_000, intervalMs: 100 },
  );
  const ms = Date.now() - started;
  await service.stop();
  return ms;
}

async function produceJson(topic: string, prefix: string, count: number) {
  const producer = kafka.producer();
  await producer.connect();
  const now = Date.now();
  for (let i = 0; i < count; i += 5000) {
    const messages = Array.from({ length: Math.min(5000, count - i) }, (_, j) =>
      tenantEnvelope(prefix, {
        op: 'c',
        tenantId: `t-${i + j}`,
        name: `Tenant ${i + j}`,
        pos: i + j + 1,
        committedAtMs: now,
      }),
    );
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
}

async function steadyLatency(admin: Admin): Promise<number[]> {
  const prefix = uniqueName('bench_steady').replace(/-/g, '_');
  const raw = `${prefix}.globalmart.tenants`;
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: raw, numPartitions: 3 }] });
  const { service, config } = startIngest({
    SOURCE_TOPIC_PATTERN: `^${prefix}\\.globalmart\\.[a-z_]+$`,
    DEBEZIUM_TOPIC_PREFIX: prefix,
  });
  const output = `${config.CHANGES_TOPIC_PREFIX}tenants`;
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: output, numPartitions: 3 }] });
  await service.start();
  await waitFor(() => service.ready(), { what: 'cdc-ingest ready', timeoutMs: 60_000 });

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const reader = kafka.consumer({ groupId: uniqueName('bench-reader'), readUncommitted: false });
  await reader.connect();
  await reader.subscribe({ topic: output, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      const sent = sentAt.get(message.key?.toString() ?? '');
      if (sent !== undefined) latencies.push(Date.now() - sent);
    },
  });

  // The envelope's commit time is whole milliseconds; the send time is what the latency counts from.
  const producer = kafka.producer();
  await producer.connect();
  const total = steadyRate * steadySeconds;
  const tick = 50;
  const perTick = Math.max(1, Math.round((steadyRate * tick) / 1000));
  const started = Date.now();
  for (let sent = 0; sent < total; ) {
    const batch = Array.from({ length: Math.min(perTick, total - sent) }, (_, j) => {
      const key = `t-${sent + j}`;
      sentAt.set(key, Date.now());
      return tenantEnvelope(prefix, {
        op: 'c',
        tenantId: key,
        name: key,
        pos: sent + j + 1,
        committedAtMs: Date.now(),
      });
    });
    await producer.send({ topic: raw, messages: batch });
    sent += batch.length;
    const due = started + (sent / steadyRate) * 1000;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
  }
  await producer.disconnect();
  await waitFor(() => latencies.length >= total, { what: 'every steady-rate change', timeoutMs: 120_000 });
  await reader.disconnect();
  await service.stop();
  return latencies.sort((a, b) => a - b);
}

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  const rows: string[][] = [];

  const debeziumTopics = (await admin.listTopics())
    .filter((t) => /^globalmart\.globalmart\.[a-z_]+$/.test(t))
    .sort();
  const avroCount = await inputSize(admin, debeziumTopics);
  progress(`backlog, Avro: ${avroCount} records on ${debeziumTopics.length} Debezium topics`);
  const bareAvro = await bareConsume(debeziumTopics, avroCount);
  const ingestAvro = await ingestBacklog(admin, debeziumTopics, avroCount, {});
  rows.push(row('backlog, Debezium Avro (GlobalMart seed)', avroCount, bareAvro, ingestAvro));

  const prefix = uniqueName('bench_json').replace(/-/g, '_');
  const jsonTopic = `${prefix}.globalmart.tenants`;
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: jsonTopic, numPartitions: 3 }] });
  progress(`backlog, JSON: producing ${jsonRecords} records`);
  await produceJson(jsonTopic, prefix, jsonRecords);
  const bareJson = await bareConsume([jsonTopic], jsonRecords);
  const ingestJson = await ingestBacklog(admin, [jsonTopic], jsonRecords, {
    SOURCE_TOPIC_PATTERN: `^${prefix}\\.globalmart\\.[a-z_]+$`,
    DEBEZIUM_TOPIC_PREFIX: prefix,
  });
  rows.push(row('backlog, Debezium JSON (schemaless)', jsonRecords, bareJson, ingestJson));

  progress(`steady rate: ${steadyRate}/s for ${steadySeconds} s`);
  const latencies = await steadyLatency(admin);
  await admin.disconnect();

  process.stdout.write(
    `\n${renderTable(['WORKLOAD', 'RECORDS', 'BARE KAFKAJS REC/S', 'CDC-INGEST REC/S', 'RATIO'], rows)}\n\n`,
  );
  process.stdout.write(
    `${renderTable(
      ['STEADY RATE', 'CHANGES', 'P50 MS', 'P99 MS', 'MAX MS'],
      [
        [
          `${steadyRate}/s for ${steadySeconds} s`,
          String(latencies.length),
          String(percentile(latencies, 50)),
          String(percentile(latencies, 99)),
          String(latencies[latencies.length - 1]),
        ],
      ],
    )}\n(latency: raw record produced → its ChangeEvent readable by a read_committed consumer)\n`,
  );
}

function row(name: string, count: number, bareMs: number, ingestMs: number): string[] {
  const bare = perSecond(count, bareMs);
  const ingest = perSecond(count, ingestMs);
  return [name, String(count), String(bare), String(ingest), `${((ingest / bare) * 100).toFixed(1)}%`];
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
