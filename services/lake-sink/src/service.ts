import { type Catalog, type DataFileEncoder, fileCatalog } from '@lakestream/iceberg';
import {
  deadLetter,
  deadLetterPublisher,
  type Membership,
  type OutgoingRecord,
  onMarkerBatch,
  partitionCounts,
  type StructuredLog,
  watchMembership,
} from '@lakestream/kafka';
import { type RecordDecoder, UndecodableRecord } from '@lakestream/schemas';
import type { WarehouseStorage } from '@lakestream/storage';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Registry } from 'prom-client';
import { batchCommitter } from './commit';
import type { SinkConfig } from './config';
import type { SinkDeadLetterCode } from './dead-letter-codes';
import { EARLIEST, entityTables, resumeOffset } from './entity-tables';
import type { ColumnReader } from './lake/scan';
import type { IncomingChange, SealedBatch, TableWriter } from './lake/table-writer';
import { valueChecks } from './lake/value-check';
import { sinkMetrics } from './metrics';
import { PoisonRecords } from './poison-records';
import { Serial } from './serial';
import { type DecodedChange, writerSchemas } from './writer-schemas';

export interface SinkDeps {
  kafka: Kafka;
  decoder: RecordDecoder;
  storage: WarehouseStorage;
  /** Where table commits go: the file catalog on `storage` unless given (AWS Glue, later). */
  catalog?: Catalog;
  /** Rooted at CLAIM_CHECK_LOCATION: where originals too large for the dead-letter topic go. */
  claimChecks: WarehouseStorage;
  encode: DataFileEncoder;
  readColumns: ColumnReader;
  metricsRegistry: Registry;
  log: StructuredLog;
  now?: () => number;
}

export type SinkState = 'idle' | 'starting' | 'running' | 'draining' | 'stopped' | 'crashed';

/**
 * The lake sink: ChangeEvents from one topic per entity into that entity's two Iceberg tables.
 * Exactly once without Kafka transactions: each snapshot records the offsets it covers, a start or
 * rebalance seeks every assigned partition to the tables' offsets, and a commit is refused when the
 * table's offsets moved since the batch began (another instance owned the partition meanwhile).
 * Consumer-group offsets are committed after the tables, for lag monitoring and as a fallback only.
 */
export function lakeSinkService(config: SinkConfig, deps: SinkDeps) {
  const { kafka, log } = deps;
  const now = deps.now ?? Date.now;
  const metrics = sinkMetrics(deps.metricsRegistry);
  const decode = writerSchemas(deps.decoder);
  const valueRefusal = valueChecks();
  const poison = new PoisonRecords();
  const topicPartitions = partitionCounts(kafka);
  const deadLetters = deadLetterPublisher({
    kafka,
    topic: config.DLQ_TOPIC,
    claimChecks: deps.claimChecks,
    maxMessageBytes: config.KAFKA_MAX_MESSAGE_BYTES,
    log,
    metricsRegistry: deps.metricsRegistry,
  });
  const serial = new Serial();
  const committer = batchCommitter({ metrics, log, poison, now, running: () => state === 'running' });
  const entities = entityTables(config, {
    storage: deps.storage,
    catalog: deps.catalog ?? fileCatalog(deps.storage, { now }),
    encode: deps.encode,
    readColumns: deps.readColumns,
    now,
    stateDir: config.STATE_DIR,
    reemissionWindowMs: config.REEMISSION_WINDOW_SECONDS * 1000,
    onConflict: (table) => metrics.conflicts.inc({ table }),
  });
  let state: SinkState = 'idle';
  let consumer: Consumer | undefined;
  let producer: Producer | undefined;
  let membership: Membership | undefined;
  let assignment: Record<string, number[]> = {};
  let lastFlush = now();
  let lastCheckpoint = now();
  let timer: NodeJS.Timeout | undefined;
  let reportCrash: (error: Error) => void = () => undefined;
  const crashed = new Promise<Error>((resolve) => {
    reportCrash = resolve;
  });
  const crash = (error: Error) => {
    if (state === 'stopped') return;
    state = 'crashed';
    log.error({ event: 'crashed', err: error }, error.message);
    reportCrash(error);
    committer.stopRetrying();
  };

  const allWriters = () => [...entities.values()].flatMap((e) => e.writers);
  /** Records accepted since the last flush, for the size triggers. */
  let pendingRecords = 0;
  let pendingBytes = 0;

  /** Reloads the assigned entities' tables, drops their buffers, and seeks to the tables' offsets. */
  async function resync(topics: string[], reason: string) {
    await inFlight;
    const started = now();
    poison.keepOnly(assignment);
    for (const topic of topics) {
      const tables = entities.get(topic);
      if (!tables) continue;
      // Until every table of the topic is reloaded and the partitions sought: if a reload fails, no
      // table goes on accepting from the consumer's position past what it dropped.
      for (const writer of tables.writers) writer.fence();
      await Promise.all(
        tables.writers.map(async (writer) => {
          const opening = now();
          await writer.open();
          if (writer.name.kind === 'current') {
            metrics.indexRebuildSeconds.observe({ table: writer.name.name }, (now() - opening) / 1000);
            metrics.liveRows.set({ table: writer.name.name }, writer.liveRowCount);
          }
        }),
      );
      // The tables decide, not the group: a group reset to an earlier point re-reads records the
      // tables skip, and a table dropped to be rebuilt is refilled from the earliest retained record.
      for (const partition of assignment[topic] ?? []) {
        const offset = resumeOffset(tables.writers, partition);
        consumer?.seek({ topic, partition, offset: offset === undefined ? EARLIEST : offset.toString() });
      }
    }
    await commitGroupOffsets();
    log.info(
      { event: 'resynced', reason, topics, ms: now() - started },
      "tables reloaded; partitions sought to the tables' offsets",
    );
  }

  /** The commit of the last sealed batches, running while the next batch is consumed. */
  let inFlight: Promise<void> | undefined;

  /**
   * Seals every dirty table's buffer and commits them in the background; consuming goes on meanwhile.
   * Runs in the lane. One commit at a time: a flush first waits for the one before (backpressure).
   */
  async function flushAll(trigger: string) {
    await inFlight;
    const sealed = allWriters().flatMap((writer) => {
      const batch = writer.seal();
      return batch ? [{ writer, batch }] : [];
    });
    pendingRecords = 0;
    pendingBytes = 0;
    lastFlush = now();
    metrics.buffered.set(0);
    if (sealed.length === 0) return;
    inFlight = commitSealed(trigger, sealed)
      .catch((error: Error) => crash(error))
      .finally(() => {
        inFlight = undefined;
      });
  }

  async function commitSealed(trigger: string, sealed: { writer: TableWriter; batch: SealedBatch }[]) {
    const started = now();
    const { stale, poisoned } = await committer.commit(sealed);
    // In the lane, after whatever holds it now: the buffers filled since are dropped with the rest.
    if (stale.size > 0) resyncSoon([...stale], 'stale batch');
    if (poisoned.size > 0) resyncSoon([...poisoned], 'poison records found');
    await commitGroupOffsets();
    log.info({ event: 'flushed', trigger, tables: sealed.length, ms: now() - started }, 'lake commit');
  }

  function resyncSoon(topics: string[], reason: string) {
    void serial.run(undefined, () => resync(topics, reason)).catch((error: Error) => crash(error));
  }

  async function commitGroupOffsets() {
    const offsets: { topic: string; partition: number; offset: string }[] = [];
    for (const [topic, partitions] of Object.entries(assignment)) {
      const tables = entities.get(topic);
      if (!tables) continue;
      for (const partition of partitions) {
        const offset = resumeOffset(tables.writers, partition);
        if (offset !== undefined) offsets.push({ topic, partition, offset: offset.toString() });
      }
    }
    if (offsets.length > 0)
      await consumer?.commitOffsets(offsets).catch((error: Error) => {
        // The tables hold the truth; a group-offset commit lost in a rebalance only delays lag metrics.
        log.warn({ event: 'group_commit_failed', err: error }, 'consumer-group offset commit failed');
      });
  }

  async function sendDeadLetters(records: OutgoingRecord[]) {
    if (records.length === 0 || !producer) return;
    await deadLetters.publish(producer, records.splice(0));
  }

  async function eachBatch({ batch, heartbeat, isStale, resolveOffset }: EachBatchPayload) {
    await serial.run(heartbeat, async () => {
      // Stale: a resync sought this partition while the batch waited for the lane. kafkajs pops a
      // seek only at its next fetch for the partition, so a batch from before the seek always sees it.
      if (isStale() || state !== 'running') return;
      const tables = entities.get(batch.topic);
      if (!tables) return;
      // The offsets after a transaction's last record hold its commit marker, which no consumer
      // sees: the tables move past it too, or their offsets (and the group's lag) stop one short of
      // the end of every partition a transactional producer writes. A fetch of markers alone never
      // comes here: see onMarkerBatch in start().
      const passMarkers = () => {
        const last = BigInt(batch.lastOffset());
        for (const writer of tables.writers) writer.pass(batch.partition, last);
        resolveOffset(batch.lastOffset());
      };
      const deadLetters: OutgoingRecord[] = [];
      const refuse = (message: KafkaMessage, code: SinkDeadLetterCode, reason: string, table?: string) => {
        metrics.deadLetters.inc({ stage: 'lake', code, table: table ?? 'unknown' });
        log.error({ event: 'dead_letter', topic: batch.topic, offset: message.offset, code, reason }, reason);
        deadLetters.push(
          deadLetter(
            config.DLQ_TOPIC,
            { topic: batch.topic, partition: batch.partition, message },
            { stage: 'lake', code, reason, table },
            now(),
          ),
        );
        for (const writer of tables.writers) writer.pass(batch.partition, BigInt(message.offset));
      };
      for (const message of batch.messages) {
        // Only after a commit failed on records of its own: those are dead-lettered on this reading.
        const poisoned =
          poison.size > 0 ? poison.take(batch.topic, batch.partition, message.offset) : undefined;
        if (poisoned) {
          refuse(message, 'SINK_ENCODE_FAILED', poisoned.reason, poisoned.table);
        } else if (message.value) {
          let decoded: DecodedChange;
          try {
            const pending = decode(message.value);
            decoded = pending instanceof Promise ? await pending : pending;
          } catch (error) {
            if (!(error instanceof UndecodableRecord)) throw error; // a registry outage: retry the batch
            refuse(message, error.code, error.message);
            resolveOffset(message.offset);
            continue;
          }
          const change: IncomingChange = {
            partition: batch.partition,
            offset: BigInt(message.offset),
            event: decoded.event,
            columns: decoded.columns,
            // A truncate applies to the keys this partition holds (lake/table-writer.ts).
            ...(decoded.event.op === 't' ? { partitions: await topicPartitions.of(batch.topic) } : {}),
          };
          const refusal = tables.writers.map((w) => w.refusal(change)).find((r) => r !== undefined);
          // A value the encoder would refuse fails every commit it is in: refused here, alone.
          const refusedValue = refusal ? undefined : valueRefusal(change);
          if (refusal) refuse(message, 'SINK_SCHEMA_REFUSED', refusal, decoded.event.table);
          else if (refusedValue) refuse(message, 'SINK_VALUE_REFUSED', refusedValue, decoded.event.table);
          else for (const writer of tables.writers) writer.accept(change);
          pendingRecords += 1;
          pendingBytes += message.value.length;
        }
        resolveOffset(message.offset);
        if (pendingRecords >= config.COMMIT_MAX_ROWS || pendingBytes >= config.COMMIT_MAX_BYTES) {
          await sendDeadLetters(deadLetters);
          await flushAll('size');
          // A stale commit resyncs and seeks: the rest of this batch is from before the seek.
          if (isStale()) return;
        }
      }
      passMarkers();
      // Before any commit covers their offsets: a crash after this may dead-letter them twice, never lose them.
      await sendDeadLetters(deadLetters);
      metrics.lag.set(
        { group: config.GROUP_ID, topic: batch.topic, partition: String(batch.partition) },
        Number(batch.offsetLag()),
      );
      metrics.consumed.inc({ group: config.GROUP_ID, topic: batch.topic }, batch.messages.length);
      metrics.buffered.set(pendingRecords);
      // Under a backlog the lane is never free for the timer: the interval is checked here too. Not
      // while a commit runs: the timer seals as soon as it is done, and consuming goes on meanwhile.
      if (!inFlight && now() - lastFlush >= config.COMMIT_INTERVAL_SECONDS * 1000) await flushAll('interval');
    });
  }

  async function tick() {
    if (state !== 'running' || serial.busy || inFlight) return;
    const due = now() - lastFlush >= config.COMMIT_INTERVAL_SECONDS * 1000;
    if (due) await serial.run(undefined, () => flushAll('interval'));
    if (now() - lastCheckpoint >= config.INDEX_CHECKPOINT_SECONDS * 1000) {
      lastCheckpoint = now();
      await serial.run(undefined, () => checkpointAll());
    }
  }

  async function checkpointAll() {
    await inFlight;
    for (const writer of allWriters()) await writer.checkpoint();
  }

  return {
    crashed,
    state: () => state,
    ready: () => state === 'running' && membership?.joined() === true,
    entities: () => [...entities.values()],
    /** Records accepted and not yet committed. */
    pending: () => pendingRecords,

    async start() {
      state = 'starting';
      await deadLetters.prepare();
      producer = kafka.producer({ idempotent: true });
      await producer.connect();
      consumer = kafka.consumer({
        groupId: config.GROUP_ID,
        allowAutoTopicCreation: false,
        // Long S3 stalls are ridden out by heartbeating from the wait, not by a long session.
        sessionTimeout: 30_000,
        rebalanceTimeout: 60_000,
        maxBytesPerPartition: 4 * 1024 * 1024,
      });
      membership = watchMembership(consumer, log);
      onMarkerBatch(consumer, ({ topic, partition, firstOffset, lastOffset }) => {
        void serial
          .run(undefined, async () => {
            if (state !== 'running') return;
            for (const writer of entities.get(topic)?.writers ?? [])
              writer.passMarkers(partition, firstOffset, lastOffset);
          })
          .catch((error: Error) => crash(error));
      });
      void membership.fatal.then(crash);
      const running = consumer;
      running.on(running.events.GROUP_JOIN, ({ payload }) => {
        assignment = payload.memberAssignment;
        const topics = Object.keys(assignment);
        // Fetching waits for the resync (it holds the serial lane), so nothing is consumed from the
        // group's offsets before the seek to the tables' offsets.
        void serial.run(undefined, () => resync(topics, 'assignment')).catch((error: Error) => crash(error));
      });
      await running.connect();
      await running.subscribe({ topics: [...entities.keys()], fromBeginning: true });
      state = 'running';
      await running.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
      timer = setInterval(() => {
        tick().catch((error: Error) => crash(error));
      }, 200);
    },

    /** Stops fetching, commits what is buffered, checkpoints the indexes, leaves the group. */
    async stop() {
      if (state === 'stopped' || state === 'idle') return;
      const wasRunning = state === 'running';
      state = 'draining';
      if (timer) clearInterval(timer);
      committer.stopRetrying();
      await consumer?.pause(Object.keys(assignment).map((topic) => ({ topic })));
      if (wasRunning) {
        await serial.run(undefined, async () => {
          await flushAll('shutdown');
          await inFlight;
          await checkpointAll();
        });
      }
      await consumer?.disconnect();
      await producer?.disconnect();
      state = 'stopped';
    },

    /** For tests and benchmarks: commit now, whatever the triggers say. */
    flushNow: () =>
      serial.run(undefined, async () => {
        await flushAll('requested');
        await inFlight;
      }),
  };
}

export type LakeSinkService = ReturnType<typeof lakeSinkService>;
