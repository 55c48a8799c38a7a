import type { WarehouseStorage } from '@lakestream/storage';
import {
  type Admin,
  type Consumer,
  type ConsumerRunConfig,
  type IHeaders,
  type Kafka,
  type KafkaMessage,
  Partitioners,
  type Producer,
} from 'kafkajs';
import type { StructuredLog } from './client';
import type { FailureStage } from './dead-letter';
import { describeTopicLimits } from './describe-limits';
import { isFenced, isTooLarge } from './errors';
import { keepAlive } from './keep-alive';
import { type MarkerBatch, onMarkerBatch } from './marker-batches';
import { type Membership, watchMembership } from './membership';
import type { LoopMetrics } from './metrics';
import { fitOutputs, type OutputsOversize } from './oversize';
import { type InputPartition, type PartitionProducers, partitionProducers } from './partition-producers';
import { recordSize } from './record-size';
import { resumePoint } from './resume-point';
import { type TopicDiscovery, topicDiscovery } from './topic-discovery';
import { topicLimits } from './topic-limits';
import { commitInTransaction, commitOffsetsOnly, RefusedRecord } from './transaction';

export interface IncomingRecord {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

export interface OutgoingRecord {
  topic: string;
  key: Buffer | string | null;
  value: Buffer | null;
  headers?: IHeaders;
  /** Set only to bypass the key's partition: a record meant for one partition (a truncate marker). */
  partition?: number;
}

/**
 * Turns one consumed record into the records to produce. It must not throw for bad input (a bad
 * record becomes a dead-letter record); a throw means the batch cannot be processed now, so the
 * transaction aborts and the batch is consumed again.
 */
export type Transform = (record: IncomingRecord) => Promise<OutgoingRecord[]>;

/** One consumed record and what the transform made of it. */
interface Produced {
  record: IncomingRecord;
  outputs: OutgoingRecord[];
}

export interface ExactlyOnceOptions {
  kafka: Kafka;
  groupId: string;
  /**
   * One prefix for every instance of the group: each input partition's transactions use the id
   * `<prefix>-<topic>-<partition>`, so a partition's new owner fences its old one (see
   * `partition-producers.ts`).
   */
  transactionalIdPrefix: string;
  topics: RegExp[] | string[];
  transform: Transform;
  log: StructuredLog;
  metrics: LoopMetrics;
  /**
   * The dead-letter topic the transform writes to, and what the loop needs to dead-letter on its
   * own: an input whose output is larger than its topic accepts (`RECORD_TOO_LARGE` at `stage`), and
   * where originals too large for the dead-letter topic go (`claimChecks`, rooted at the location).
   */
  deadLetters: { topic: string; stage: FailureStage; claimChecks: WarehouseStorage };
  /** Output topics known in advance, whose limits are read at start; others on first use. */
  outputTopics?: string[];
  /** Every topic's limit instead of the cluster's `max.message.bytes` (`KAFKA_MAX_MESSAGE_BYTES`). */
  maxMessageBytes?: number | undefined;
  /** Upper bound of one fetched batch per partition, and so of one transaction. */
  maxBytesPerPartition?: number;
  /** The group session; a member silent for `sessionTimeout` ms is expelled and its partitions move. */
  session?: { sessionTimeout: number; heartbeatInterval: number };
  /** How long a partition whose last fetch held only transaction markers waits for more (1 s). */
  markerTailMs?: number;
  /**
   * How often a RegExp subscription looks for topics created since it was made (30 s); a topic
   * found makes the consumer subscribe again, which rejoins the group.
   */
  topicDiscoveryMs?: number;
  /**
   * Awaited before the first batch of an input partition this instance has just taken (its producer
   * fenced the previous owner, so whatever that owner committed is all written by now): for a
   * transform whose state must first catch up with what the previous owner did.
   */
  onAcquire?: (source: InputPartition) => Promise<void>;
  /** A test seam: awaited after a batch is transformed and its heartbeats checked, before its transaction. */
  beforeCommit?: (source: InputPartition) => Promise<void>;
  now?: () => number;
}

export type LoopState = 'idle' | 'starting' | 'running' | 'draining' | 'stopped' | 'crashed';

export interface ExactlyOnceLoop {
  start(): Promise<void>;
  /** Stops fetching, lets the batch in flight commit, leaves the group, closes the producer. */
  stop(): Promise<void>;
  state(): LoopState;
  /** True once the consumer has joined its group and the producer is ready. */
  ready(): boolean;
  /** Resolves if the consumer crashes beyond its own restarts: the process should exit non-zero. */
  crashed: Promise<Error>;
}

/**
 * Consume-transform-produce with Kafka transactions: the outputs of one fetched batch and the
 * input offsets after it are committed in one transaction (KIP-98 `sendOffsetsToTransaction`), so
 * a read_committed reader downstream sees every input's outputs exactly once, whatever moment the
 * process dies at. Offsets are never committed outside a transaction (autoCommit off).
 */
export function exactlyOnceLoop(options: ExactlyOnceOptions): ExactlyOnceLoop {
  const { kafka, groupId, transform, log, metrics } = options;
  const session = options.session ?? { sessionTimeout: 30_000, heartbeatInterval: 3_000 };
  const now = options.now ?? Date.now;
  let state: LoopState = 'idle';
  let membership: Membership | undefined;
  let consumer: Consumer | undefined;
  let producers: PartitionProducers | undefined;
  let runConfig: ConsumerRunConfig | undefined;
  let discovery: { watch: TopicDiscovery; admin: Admin } | undefined;
  let reportCrash: (error: Error) => void = () => undefined;
  const crashed = new Promise<Error>((resolve) => {
    reportCrash = resolve;
  });
  const limits = topicLimits({ describe: describeTopicLimits(kafka), override: options.maxMessageBytes });
  const oversize: OutputsOversize = {
    limits,
    claimChecks: options.deadLetters.claimChecks,
    dlqTopic: options.deadLetters.topic,
    stage: options.deadLetters.stage,
    log,
    metrics: metrics.oversize,
    now,
  };

  /**
   * A fetch that held only transaction markers never reaches eachBatch (see `marker-batches.ts`), so
   * a partition whose input ends with one would keep the group one offset short of its end (lag 1)
   * until the next record. When no batch follows within `markerTailMs`, the offsets after the markers
   * are committed in a transaction of their own; a batch that follows covers them anyway.
   */
  const markerTails = new Map<string, NodeJS.Timeout>();
  const tailKey = (source: InputPartition) => `${source.partition}|${source.topic}`;
  /**
   * The offset this process last committed per input partition. After a rejoin kafkajs reads the
   * group's offsets at once, and a read that comes before the markers of this member's own last commit
   * are written returns the offset before it (kafkajs cannot ask for stable offsets, KIP-447): the
   * batch just committed would be fetched and committed again. Offsets move back only by a reset,
   * which needs the group empty, so what this process committed is a floor while it runs.
   */
  const committedTo = new Map<string, bigint>();
  function cancelMarkerTail(source: InputPartition) {
    clearTimeout(markerTails.get(tailKey(source)));
    markerTails.delete(tailKey(source));
  }
  async function passMarkers(owned: PartitionProducers, markers: MarkerBatch) {
    const source = { topic: markers.topic, partition: markers.partition };
    if (state !== 'running' || !owned.owns(source)) return;
    const offsets = {
      consumerGroupId: groupId,
      topics: [
        {
          topic: source.topic,
          partitions: [{ partition: source.partition, offset: String(markers.lastOffset + 1n) }],
        },
      ],
    };
    try {
      await owned.within(source, async ({ producer, resumeAt }) => {
        if (resumeAt !== undefined && resumeAt > markers.firstOffset) return;
        await commitOffsetsOnly(producer, offsets, log);
        committedTo.set(tailKey(source), markers.lastOffset + 1n);
      });
    } catch (error) {
      if (isFenced(error)) owned.fenced(source, error);
      else {
        owned.drop(source);
        log.warn(
          { event: 'marker_pass_failed', ...source, err: error },
          'committing past transaction markers failed; the next batch commits past them',
        );
      }
    }
  }

  async function commitBatch(
    producer: Producer,
    topic: string,
    partition: number,
    lastOffset: string,
    produced: Produced[],
  ) {
    const started = now();
    const offsets = {
      consumerGroupId: groupId,
      topics: [{ topic, partitions: [{ partition, offset: (BigInt(lastOffset) + 1n).toString() }] }],
    };
    // Each refusal names a record that is then dead-lettered or claim-checked, and a claim check
    // is small: every record can be refused at most twice before the batch must go through.
    const attempts = 2 * produced.reduce((n, p) => n + p.outputs.length, 0) + 3;
    let oneByOne = false;
    for (let attempt = 1; ; attempt += 1) {
      const outputs = (
        await Promise.all(produced.map((p) => fitOutputs(p.record, p.outputs, oversize)))
      ).flat();
      try {
        await commitInTransaction(
          producer,
          { outputs, offsets, oneByOne, chunkBytes: Math.min(maxRequestBytes, limits.smallest()) },
          log,
        );
        break;
      } catch (error) {
        metrics.transactionsAborted.inc();
        // Refused as too large although it seemed to fit (the topic's limit was lowered, or our
        // count is off): as large on every retry, so learn the limit from it and go record by record.
        if (!isTooLarge(error) || attempt >= attempts) throw error;
        if (error instanceof RefusedRecord) limits.refused(error.record.topic, recordSize(error.record));
        log.warn(
          { event: 'refused_too_large', topic, partition, err: error },
          'the broker refused a batch as too large; sending record by record',
        );
        oneByOne = true;
      }
    }
    metrics.transactionSeconds.observe((now() - started) / 1000);
  }

  /** Subscribes again so the topics a pattern has come to match are read; the member rejoins. */
  async function resubscribe(running: Consumer, topics: string[]) {
    if (state !== 'running' || !runConfig) return;
    log.info({ event: 'topics_discovered', topics }, 'new topics match the subscription: subscribing again');
    try {
      await running.stop();
      // Having left the group, this member owns nothing: other members may take and commit its
      // partitions before it joins again, so each partition it gets back starts with a producer
      // initialised afresh and the group's offset read again, as after any move.
      for (const timer of markerTails.values()) clearTimeout(timer);
      markerTails.clear();
      await producers?.closeAll();
      await running.subscribe({ topics: options.topics, fromBeginning: true });
      await running.run(runConfig);
    } catch (error) {
      // The consumer may be left stopped: only a new process is sure to consume again.
      state = 'crashed';
      reportCrash(error as Error);
    }
  }

  return {
    crashed,
    state: () => state,
    ready: () => state === 'running' && membership?.joined() === true,

    async start() {
      state = 'starting';
      await limits.load([options.deadLetters.topic, ...(options.outputTopics ?? [])]);
      const owned = partitionProducers({
        kafka,
        groupId,
        transactionalIdPrefix: options.transactionalIdPrefix,
        producer: {
          idempotent: true,
          maxInFlightRequests: 1,
          // Murmur2, as the Java client partitions, so a key lands where any other producer puts it.
          createPartitioner: Partitioners.DefaultPartitioner,
          // An idempotent producer must not give up on its own: a gap would break the sequence.
          retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 20, maxRetryTime: 5_000 },
        },
        log,
        fencedPauseMs: session.sessionTimeout,
        fenced: metrics.transactionsFenced,
      });
      producers = owned;
      const running = kafka.consumer({
        groupId,
        ...session,
        readUncommitted: false,
        allowAutoTopicCreation: false,
        // Each fetched partition batch is one transaction (~40 ms of round trips), so larger
        // fetches mean fewer transactions per record.
        maxBytesPerPartition: options.maxBytesPerPartition ?? 4 * 1024 * 1024,
        maxBytes: 16 * 1024 * 1024,
      });
      consumer = running;
      owned.follow(running);
      onMarkerBatch(running, (markers) => {
        cancelMarkerTail(markers);
        const timer = setTimeout(() => {
          markerTails.delete(tailKey(markers));
          void passMarkers(owned, markers);
        }, options.markerTailMs ?? 1_000);
        timer.unref();
        markerTails.set(tailKey(markers), timer);
      });
      membership = watchMembership(running, log);
      void membership.fatal.then((error) => {
        state = 'crashed';
        reportCrash(error);
      });
      await running.connect();
      const patterns = options.topics.filter((t): t is RegExp => t instanceof RegExp);
      if (patterns.length > 0) {
        const admin = kafka.admin();
        await admin.connect();
        const watch = topicDiscovery({
          patterns,
          list: () => admin.listTopics(),
          discovered: (topics) => resubscribe(running, topics),
          everyMs: options.topicDiscoveryMs ?? 30_000,
          log,
        });
        discovery = { watch, admin };
        await watch.start();
      }
      await running.subscribe({ topics: options.topics, fromBeginning: true });
      runConfig = {
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isStale }) => {
          const source = { topic: batch.topic, partition: batch.partition };
          cancelMarkerTail(source);
          const alive = keepAlive(heartbeat, session.heartbeatInterval);
          try {
            const committed = await owned.within(source, async ({ producer, fresh, resumeAt }) => {
              // Inputs already done: a predecessor's commit that landed after this member read the
              // group's offsets (a zombie waking up), or this process's own last commit read back
              // too early after a rejoin. Fetching goes on after them.
              const done = resumePoint(
                BigInt(batch.firstOffset() ?? '0'),
                committedTo.get(tailKey(source)),
                resumeAt,
              );
              if (done) {
                const event =
                  done.after === 'own commit' ? 'resumed_after_own_commit' : 'resumed_after_predecessor';
                log.info({ event, ...source, offset: String(done.offset) });
                running.seek({ ...source, offset: String(done.offset) });
                return false;
              }
              if (fresh) await options.onAcquire?.(source);
              const produced: Produced[] = [];
              for (const message of batch.messages) {
                const record = { ...source, message };
                produced.push({ record, outputs: await transform(record) });
              }
              try {
                alive.check();
              } catch (error) {
                metrics.batchesAbandoned.inc();
                log.warn(
                  { event: 'batch_abandoned', ...source, err: error },
                  'the group moved on while the batch was worked on: it is consumed again after the rejoin',
                );
                throw error;
              }
              // Past the check the group can still move on before the commit: the fence refuses it.
              await options.beforeCommit?.(source);
              // A seek moved this partition's position while we worked (kafkajs's isStale): the
              // batch is fetched again from there. A lost partition is the fence's to refuse.
              if (isStale()) return false;
              await commitBatch(producer, batch.topic, batch.partition, batch.lastOffset(), produced);
              committedTo.set(tailKey(source), BigInt(batch.lastOffset()) + 1n);
              return true;
            });
            if (!committed) return;
          } catch (error) {
            if (!isFenced(error)) {
              owned.drop(source);
              throw error;
            }
            owned.fenced(source, error);
            return;
          } finally {
            await alive.stop();
          }
          resolveOffset(batch.lastOffset());
          metrics.recordsPerTransaction.observe(batch.messages.length);
          metrics.consumed.inc({ group: groupId, topic: batch.topic }, batch.messages.length);
          metrics.lag.set(
            { group: groupId, topic: batch.topic, partition: String(batch.partition) },
            Number(batch.offsetLag()),
          );
          await heartbeat();
        },
      };
      await running.run(runConfig);
      state = 'running';
    },

    async stop() {
      if (state === 'stopped' || state === 'idle') return;
      state = 'draining';
      for (const timer of markerTails.values()) clearTimeout(timer);
      markerTails.clear();
      // A re-subscription in progress ends first, so the consumer is not started again after this.
      await discovery?.watch.stop();
      await discovery?.admin.disconnect();
      // disconnect() waits for the batch in flight to finish (and commit) before leaving the group.
      await consumer?.disconnect();
      await producers?.closeAll();
      state = 'stopped';
    },
  };
}

/**
 * Bytes per send within a transaction, at most: a send to one partition is one record batch, and
 * smaller batches keep one fetched batch's transaction from holding one huge produce request.
 */
const maxRequestBytes = 512 * 1024;
