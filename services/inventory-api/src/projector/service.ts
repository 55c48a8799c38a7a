import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  deadLetter,
  deadLetterPublisher,
  groupMembershipError,
  type Membership,
  type OutgoingRecord,
  onMarkerBatch,
  partitionCounts,
  type StructuredLog,
  watchMembership,
} from '@lakestream/kafka';
import { type ChangeEvent, type RecordDecoder, UndecodableRecord } from '@lakestream/schemas';
import type { WarehouseStorage } from '@lakestream/storage';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Registry } from 'prom-client';
import { applyNewestPerKey, applyPerKey } from './batch';
import type { ProjectorConfig } from './config';
import { type ProjectedRow, type ProjectedTable, type Projection, projectChange } from './items';
import { projectorMetrics } from './metrics';
import { liveItemsOlderThan, recordTruncate, truncatedBefore, truncateTombstones } from './truncate';
import { compareProvenance, itemWriter, WriteAbortedError, WriteRefusedError } from './write';

export interface ProjectorDeps {
  kafka: Kafka;
  decoder: RecordDecoder;
  dynamo: DynamoDBClient;
  /** Rooted at CLAIM_CHECK_LOCATION: where changes too large for the dead-letter topic go. */
  claimChecks: WarehouseStorage;
  metricsRegistry: Registry;
  log: StructuredLog;
  now?: () => number;
}

export type ProjectorState = 'idle' | 'starting' | 'running' | 'draining' | 'stopped' | 'crashed';

/** A change to write, with the record it came from (to dead-letter it if DynamoDB refuses it). */
type Writable = Extract<Projection, { type: 'put' | 'tombstone' }> & { message: KafkaMessage; table: string };
type Truncate = Extract<Projection, { type: 'truncate' }>;

/**
 * A batch as the steps that keep its order: the writes between two truncates run concurrently per
 * key; a truncate waits for the writes before it, and the writes after it wait for the truncate.
 */
type Step = { writes: Writable[] } | { truncate: Truncate };

/**
 * The projector built from its config and clients; projector-main.ts wires the process around it.
 * A plain consume loop, at least once: a batch's offsets are committed only after every one of its
 * DynamoDB writes succeeded or proved stale, and a redelivered batch is harmless because every write
 * is conditional on the source ordinal.
 */
export function projectorService(config: ProjectorConfig, deps: ProjectorDeps) {
  const { kafka, decoder, log } = deps;
  const now = deps.now ?? Date.now;
  const metrics = projectorMetrics(deps.metricsRegistry);
  const write = itemWriter({ client: deps.dynamo, table: config.DYNAMODB_TABLE, metrics });
  const deadLetterSend = deadLetterPublisher({
    kafka,
    topic: config.DLQ_TOPIC,
    claimChecks: deps.claimChecks,
    maxMessageBytes: config.KAFKA_MAX_MESSAGE_BYTES,
    log,
    metricsRegistry: deps.metricsRegistry,
  });
  let state: ProjectorState = 'idle';
  const partitions = partitionCounts(kafka);
  /** Per `topic|partition`, the last truncate's ordinal; cleared when partitions move (another owner may have added one). */
  const truncated = new Map<string, string>();
  const truncatedOn = async (table: string, topic: string, partition: number) => {
    const slot = `${topic}|${partition}`;
    let ordinal = truncated.get(slot);
    if (ordinal === undefined) {
      ordinal = await truncatedBefore(deps.dynamo, config.DYNAMODB_TABLE, table as ProjectedTable, partition);
      truncated.set(slot, ordinal);
    }
    return ordinal;
  };

  /** A source TRUNCATE on one partition: a tombstone for every live item of its keys (truncate.ts). */
  async function applyTruncate(
    truncate: Truncate,
    topic: string,
    partition: number,
    control: { keepGoing: () => boolean; onRetry: () => Promise<void> },
  ) {
    const expiresAt = Math.floor(now() / 1000) + config.TOMBSTONE_TTL_SECONDS;
    let removed = 0;
    for await (const page of liveItemsOlderThan(
      deps.dynamo,
      config.DYNAMODB_TABLE,
      truncate.kind,
      truncate.ordinal,
    )) {
      const tombstones = truncateTombstones(page, {
        ...truncate,
        partition,
        partitions: await partitions.of(topic),
        expiresAt,
      });
      await applyPerKey(
        tombstones,
        (t) => `${t.pk}\u0000${t.sk}`,
        config.WRITE_CONCURRENCY,
        async (tombstone) => {
          if ((await write(truncate.kind, tombstone, control)) === 'applied') removed += 1;
        },
      );
      await control.onRetry();
    }
    // After the tombstones: a crash in between applies the truncate again on restart, which is harmless.
    await recordTruncate(deps.dynamo, config.DYNAMODB_TABLE, truncate.table, partition, truncate.ordinal);
    const slot = `${topic}|${partition}`;
    if (truncate.ordinal > (truncated.get(slot) ?? '')) truncated.set(slot, truncate.ordinal);
    log.info(
      { event: 'truncated', table: truncate.table, topic, partition, ordinal: truncate.ordinal, removed },
      `source truncate of ${truncate.table} applied to partition ${partition}`,
    );
  }
  let membership: Membership | undefined;
  let consumer: Consumer | undefined;
  let producer: Producer | undefined;
  let reportCrash: (error: Error) => void = () => undefined;
  const crashed = new Promise<Error>((resolve) => {
    reportCrash = resolve;
  });

  return {
    crashed,
    state: () => state,
    ready: () => state === 'running' && membership?.joined() === true,

    async start() {
      state = 'starting';
      await deadLetterSend.prepare();
      producer = kafka.producer({ idempotent: true });
      await producer.connect();
      consumer = kafka.consumer({ groupId: config.GROUP_ID, allowAutoTopicCreation: false });
      membership = watchMembership(consumer, log);
      const markers = consumer;
      // A fetch of transaction markers alone never reaches eachBatch (libs/kafka marker-batches.ts);
      // kafkajs fetched it from where the last batch of the partition was resolved, so committing
      // past it skips nothing.
      onMarkerBatch(markers, ({ topic, partition, lastOffset }) => {
        markers
          .commitOffsets([{ topic, partition, offset: (lastOffset + 1n).toString() }])
          .catch((error: Error) =>
            log.warn({ event: 'group_commit_failed', err: error }, 'offset commit past markers failed'),
          );
      });
      consumer.on(consumer.events.GROUP_JOIN, () => truncated.clear());
      void membership.fatal.then((error) => {
        state = 'crashed';
        reportCrash(error);
      });
      await consumer.connect();
      await consumer.subscribe({
        topics: [config.PRODUCTS_TOPIC, config.WAREHOUSES_TOPIC, config.INVENTORY_TOPIC],
        fromBeginning: true,
      });
      const running = consumer;
      await running.run({
        // Offsets are committed by hand below, after the batch's writes; never on a timer.
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isStale, isRunning }) => {
          if (batch.isEmpty()) return;
          const started = now();
          const steps: Step[] = [{ writes: [] }];
          const deadLetters: OutgoingRecord[] = [];
          // Never skipped silently: a change that can never become an item goes to the dead-letter
          // topic with the reason, and the partition moves on.
          const refuse = (message: KafkaMessage, code: string, reason: string, table?: string) => {
            metrics.invalid.inc({ stage: 'project', code, table: table ?? 'unknown' });
            log.error(
              { event: 'dead_letter', topic: batch.topic, offset: message.offset, code, reason },
              'change cannot become an item; dead-lettered',
            );
            deadLetters.push(
              deadLetter(
                config.DLQ_TOPIC,
                { topic: batch.topic, partition: batch.partition, message },
                { stage: 'project', code, reason, ...(table ? { table } : {}) },
                now(),
              ),
            );
          };
          for (const message of batch.messages) {
            if (!message.value) continue; // a Kafka tombstone (compaction) carries no change
            let event: ChangeEvent<ProjectedRow>;
            try {
              const decoded = decoder.decode(message.value);
              event = (decoded instanceof Promise ? await decoded : decoded)
                .value as ChangeEvent<ProjectedRow>;
            } catch (error) {
              // A registry outage is not the record's fault: the batch is retried, not skipped.
              if (!(error instanceof UndecodableRecord)) throw error;
              refuse(message, error.code, error.message);
              continue;
            }
            const projection = projectChange(event, {
              now: now(),
              tombstoneTtlSeconds: config.TOMBSTONE_TTL_SECONDS,
            });
            if (projection.type === 'invalid') {
              refuse(message, 'PROJECT_INVALID_CHANGE', projection.reason, event.table);
              continue;
            }
            if (projection.type === 'truncate') {
              steps.push({ truncate: projection }, { writes: [] });
              continue;
            }
            for (const problem of projection.problems) {
              log.warn(
                { event: 'change_problem', topic: batch.topic, offset: message.offset, problem },
                problem,
              );
            }
            const open = steps.at(-1);
            if (open && 'writes' in open) open.writes.push({ ...projection, message, table: event.table });
          }
          const control = { keepGoing: () => isRunning() && !isStale(), onRetry: heartbeat };
          try {
            for (const step of steps) {
              if ('truncate' in step) {
                await applyTruncate(step.truncate, batch.topic, batch.partition, control);
                continue;
              }
              const first = step.writes[0];
              if (!first) continue;
              // Older than a truncate applied on this partition: the source removed it since (truncate.ts).
              const floor = await truncatedOn(first.table, batch.topic, batch.partition);
              const writes = step.writes.filter((w) => w.item.sourceOrdinal >= floor);
              for (const w of step.writes) {
                if (w.item.sourceOrdinal < floor) metrics.writes.inc({ kind: w.kind, outcome: 'stale' });
              }
              // Each write is a whole item, conditional on being newer: per key, only the batch's
              // newest needs writing (or, if DynamoDB refuses that one, the newest it takes).
              await applyNewestPerKey(
                writes,
                ({ key }) => `${key.pk}\u0000${key.sk}`,
                (a, b) => compareProvenance(a.item, b.item),
                config.WRITE_CONCURRENCY,
                async (projection) => {
                  try {
                    if ((await write(projection.kind, projection.item, control)) === 'applied') {
                      const at = projection.item.committedAt / 1000;
                      metrics.endToEnd.observe(
                        { stage: 'project', table: projection.table },
                        Math.max(0, now() - at) / 1000,
                      );
                    }
                    return true;
                  } catch (error) {
                    if (!(error instanceof WriteRefusedError)) throw error;
                    refuse(projection.message, error.code, error.reason, projection.table);
                    return false;
                  }
                },
                (older) => metrics.writes.inc({ kind: older.kind, outcome: 'superseded' }),
              );
            }
          } catch (error) {
            // Stopping or revoked mid-retry: leave the offsets; whoever owns the partition next
            // consumes the batch again, and the writes already done come back as stale.
            if (error instanceof WriteAbortedError) return;
            throw error;
          }
          if (isStale()) return;
          // Before the offsets move past them; a crash after this may dead-letter them twice (at least once).
          if (deadLetters.length > 0 && producer) await deadLetterSend.publish(producer, deadLetters);
          const last = batch.lastOffset();
          resolveOffset(last);
          await running
            .commitOffsets([
              { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
            ])
            .catch((error: unknown) => {
              // Expelled after a long pause, or mid-rebalance: rejoin, not crash. The batch's writes
              // are conditional on the source position, so whoever redoes them changes nothing.
              throw groupMembershipError(error) ?? error;
            });
          metrics.batchSeconds.observe((now() - started) / 1000);
          metrics.lag.set(
            { group: config.GROUP_ID, topic: batch.topic, partition: String(batch.partition) },
            Number(batch.offsetLag()),
          );
          metrics.consumed.inc({ group: config.GROUP_ID, topic: batch.topic }, batch.messages.length);
          await heartbeat();
        },
      });
      state = 'running';
    },

    /** Stops fetching, lets the batch in flight finish and commit, leaves the group. */
    async stop() {
      if (state === 'stopped' || state === 'idle') return;
      state = 'draining';
      await consumer?.disconnect();
      await producer?.disconnect();
      state = 'stopped';
    },
  };
}

export type ProjectorService = ReturnType<typeof projectorService>;
