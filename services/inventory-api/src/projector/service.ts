import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import {
  deadLetter,
  deadLetterPublisher,
  type Membership,
  type OutgoingRecord,
  type StructuredLog,
  watchMembership,
} from '@lakestream/kafka';
import type { ChangeEvent } from '@lakestream/schemas';
import type { WarehouseStorage } from '@lakestream/storage';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Registry } from 'prom-client';
import { applyPerKey } from './batch';
import type { ProjectorConfig } from './config';
import { type ProjectedRow, type Projection, projectChange } from './items';
import { projectorMetrics } from './metrics';
import { itemWriter, WriteAbortedError } from './write';

export interface ProjectorDeps {
  kafka: Kafka;
  registry: SchemaRegistry;
  dynamo: DynamoDBClient;
  /** Rooted at CLAIM_CHECK_LOCATION: where changes too large for the dead-letter topic go. */
  claimChecks: WarehouseStorage;
  metricsRegistry: Registry;
  log: StructuredLog;
  now?: () => number;
}

export type ProjectorState = 'idle' | 'starting' | 'running' | 'draining' | 'stopped' | 'crashed';

type Writable = Exclude<Projection, { type: 'invalid' }>;

/**
 * The projector built from its config and clients; projector-main.ts wires the process around it.
 * A plain consume loop, at least once: a batch's offsets are committed only after every one of its
 * DynamoDB writes succeeded or proved stale, and a redelivered batch is harmless because every write
 * is conditional on the source ordinal.
 */
export function projectorService(config: ProjectorConfig, deps: ProjectorDeps) {
  const { kafka, registry, log } = deps;
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
          const projections: Writable[] = [];
          const deadLetters: OutgoingRecord[] = [];
          for (const message of batch.messages) {
            if (!message.value) continue; // a Kafka tombstone (compaction) carries no change
            // A decode failure (registry down, unknown schema id) throws: the batch is retried, not skipped.
            const event = (await registry.decode(message.value)) as ChangeEvent<ProjectedRow>;
            const projection = projectChange(event, {
              now: now(),
              tombstoneTtlSeconds: config.TOMBSTONE_TTL_SECONDS,
            });
            if (projection.type === 'invalid') {
              // Never skipped silently: the change goes to the dead-letter topic with the reason.
              metrics.invalid.inc({ topic: batch.topic });
              log.error(
                {
                  event: 'invalid_change',
                  topic: batch.topic,
                  offset: message.offset,
                  reason: projection.reason,
                },
                'change cannot become an item; dead-lettered',
              );
              deadLetters.push(
                deadLetter(
                  config.DLQ_TOPIC,
                  { topic: batch.topic, partition: batch.partition, message },
                  {
                    stage: 'project',
                    code: 'PROJECT_INVALID_CHANGE',
                    reason: projection.reason,
                    table: event.table,
                  },
                  now(),
                ),
              );
              continue;
            }
            for (const problem of projection.problems) {
              log.warn(
                { event: 'change_problem', topic: batch.topic, offset: message.offset, problem },
                problem,
              );
            }
            projections.push(projection);
          }
          // Before the offsets move past them; a crash after this may dead-letter them twice (at least once).
          if (deadLetters.length > 0 && producer) await deadLetterSend.publish(producer, deadLetters);
          try {
            await applyPerKey(
              projections,
              ({ key }) => `${key.pk}\u0000${key.sk}`,
              config.WRITE_CONCURRENCY,
              async (projection) => {
                await write(projection.kind, projection.item, {
                  keepGoing: () => isRunning() && !isStale(),
                  onRetry: heartbeat,
                });
              },
            );
          } catch (error) {
            // Stopping or revoked mid-retry: leave the offsets; whoever owns the partition next
            // consumes the batch again, and the writes already done come back as stale.
            if (error instanceof WriteAbortedError) return;
            throw error;
          }
          if (isStale()) return;
          const last = batch.lastOffset();
          resolveOffset(last);
          await running.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
          ]);
          metrics.batchSeconds.observe((now() - started) / 1000);
          metrics.lag.set(
            { topic: batch.topic, partition: String(batch.partition) },
            Number(batch.offsetLag()),
          );
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
