import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type StructuredLog, watchMembership, whenSettled } from '@lakestream/kafka';
import type { ChangeEvent, RecordDecoder } from '@lakestream/schemas';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { EnrichMetrics } from '../metrics';
import type { LmdbStore } from '../store/lmdb-store';
import { isStateEntity, type StateEntity, stateRow } from '../store/reference';
import { type LedgerEntry, parsePending } from './ledger';
import type { LedgerIndex } from './ledger-index';

export interface StateConsumerOptions {
  kafka: Kafka;
  /** Prefix of the consumer's throwaway group: it commits nothing and owns every partition alone. */
  groupPrefix: string;
  /** Changes topic of each state entity. */
  changesTopics: ReadonlyMap<string, StateEntity>;
  pendingTopic: string;
  store: LmdbStore;
  index: LedgerIndex;
  decoder: RecordDecoder;
  log: StructuredLog;
  metrics: EnrichMetrics;
  progressEveryMs?: number;
}

/** The offsets a reader has passed, and waiters for an offset to be passed. */
class Positions {
  private readonly next = new Map<string, bigint>();
  private waiters: { id: string; offset: bigint; resolve: () => void }[] = [];

  passed(topic: string, partition: number, offset: bigint): boolean {
    return (this.next.get(`${topic}:${partition}`) ?? -1n) > offset;
  }

  advance(topic: string, partition: number, next: bigint) {
    const id = `${topic}:${partition}`;
    if ((this.next.get(id) ?? -1n) >= next) return;
    this.next.set(id, next);
    this.waiters = this.waiters.filter((w) => {
      if (w.id !== id || w.offset >= next) return true;
      w.resolve();
      return false;
    });
  }

  wait(topic: string, partition: number, offset: bigint): Promise<void> {
    if (this.passed(topic, partition, offset)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ id: `${topic}:${partition}`, offset, resolve }));
  }

  get(topic: string, partition: number) {
    return this.next.get(`${topic}:${partition}`);
  }
}

/** A state reader could not reach an offset in time: the batch waiting for it is consumed again. */
export class StateBehind extends Error {
  readonly canRetry = true;
  readonly code = 'STATE_BEHIND';
}

/**
 * The enricher's replicated state, like a Kafka Streams GlobalKTable: every instance reads every
 * partition of the state entities' changes topics and of the pending ledger, with a group of its own
 * that commits nothing, into its LMDB store. Offsets are kept in the store, written in the same
 * transaction as the versions they cover, so a restart resumes from the folder (the checkpoint) and
 * reads only what came after; `start` resolves once the state has caught up with the topics' ends as
 * they were at start (the main loop waits for that), logging its progress.
 */
export function stateConsumer(options: StateConsumerOptions) {
  const { store, log, metrics } = options;
  const positions = new Positions();
  const topics = [...options.changesTopics.keys(), options.pendingTopic];
  let consumer: Consumer | undefined;
  let applied = 0;
  let reportCrash: (error: Error) => void = () => undefined;
  const crashed = new Promise<Error>((resolve) => {
    reportCrash = resolve;
  });

  // The index of open entries comes back from the ledger the checkpoint holds.
  for (const { key, value } of store.ledger.getRange({ start: 'c|', end: 'c}' })) {
    options.index.note(key, parsePending(value) as LedgerEntry);
  }
  for (const [id, next] of store.positions()) {
    const at = id.lastIndexOf(':');
    positions.advance(id.slice(0, at), Number(id.slice(at + 1)), BigInt(next));
  }

  const applyChange = (entity: StateEntity, value: ChangeEvent<Record<string, unknown>>) => {
    const { ordinal } = value.sourcePosition;
    if (value.op === 't') return store.truncate(entity, ordinal);
    const row = value.op === 'd' ? null : value.after && stateRow(entity, value.after);
    store.apply(entity, value.key, { ordinal, committedAt: value.committedAt, row });
  };

  const applyPending = (key: string, text: string | undefined) => {
    if (text === undefined) {
      store.ledger.removeSync(key);
      if (key.startsWith('c|')) options.index.note(key, undefined);
      return;
    }
    store.ledger.putSync(key, text);
    if (key.startsWith('c|')) options.index.note(key, parsePending(text) as LedgerEntry);
  };

  async function eachBatch({ batch, heartbeat }: EachBatchPayload) {
    const { topic, partition } = batch;
    const entity = options.changesTopics.get(topic);
    // Decode first (a schema's first use awaits the registry), then write everything in one transaction.
    const decoded: (ChangeEvent<Record<string, unknown>> | undefined)[] = [];
    if (entity) {
      for (const message of batch.messages) {
        try {
          const record = await options.decoder.decode(message.value);
          decoded.push(record.value as ChangeEvent<Record<string, unknown>>);
        } catch (error) {
          // The main loop dead-letters the same record; the state skips what it cannot read.
          decoded.push(undefined);
          log.debug(
            { event: 'state_skipped', topic, partition, offset: message.offset, err: error },
            'skipped',
          );
        }
      }
    }
    const next = BigInt(batch.lastOffset()) + 1n;
    store.transaction(() => {
      batch.messages.forEach((message, i) => {
        if (entity) {
          const value = decoded[i];
          if (value?.sourcePosition && isStateEntity(entity)) applyChange(entity, value);
        } else {
          try {
            applyPending(
              String(message.key),
              message.value === null ? undefined : message.value.toString('utf8'),
            );
          } catch (error) {
            log.warn(
              { event: 'pending_skipped', partition, offset: message.offset, err: error },
              'bad pending',
            );
          }
        }
      });
      store.setPosition(topic, partition, next.toString());
    });
    applied += batch.messages.length;
    metrics.stateRecords.inc({ topic }, batch.messages.length);
    positions.advance(topic, partition, next);
    await heartbeat();
  }

  return {
    /** Settles if the reader crashed beyond kafkajs's own restarts: the state would never move again. */
    crashed,
    /** Resolves once every state topic has been read up to its end as of now. */
    async start(): Promise<void> {
      const admin = options.kafka.admin();
      await admin.connect();
      const targets: { topic: string; partition: number; high: bigint }[] = [];
      try {
        for (const topic of topics) {
          // Topics just created (a new deployment, a test) may have no leader yet for a moment.
          for (const p of await whenSettled(() => admin.fetchTopicOffsets(topic))) {
            targets.push({ topic, partition: p.partition, high: BigInt(p.high) });
          }
        }
      } finally {
        await admin.disconnect();
      }
      const startedWith = store.size();
      consumer = options.kafka.consumer({
        groupId: `${options.groupPrefix}-state-${hostname()}-${randomUUID().slice(0, 8)}`,
        readUncommitted: false,
        // The loop waits on this reader for what a trigger names: answer soon when nothing is new.
        maxWaitTimeInMs: 250,
        maxBytesPerPartition: 4 * 1024 * 1024,
        maxBytes: 32 * 1024 * 1024,
      });
      // A batch of only commit markers never reaches eachBatch, but its end is a position too.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
        positions.advance(payload.topic, payload.partition, BigInt(payload.lastOffset) + 1n),
      );
      // A reader kafkajs gave up on (a coordinator not found after a broker restart) would leave every
      // trigger waiting for state forever: the service exits instead, and is restarted.
      void watchMembership(consumer, log).fatal.then(reportCrash);
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatch, eachBatchAutoResolve: true });
      for (const { topic, partition } of targets) {
        const next = positions.get(topic, partition);
        if (next !== undefined) consumer.seek({ topic, partition, offset: next.toString() });
      }
      const started = Date.now();
      const every = options.progressEveryMs ?? 2_000;
      const missingBehind = () =>
        targets
          .filter((t) => t.high > 0n && !positions.passed(t.topic, t.partition, t.high - 1n))
          .reduce((n, t) => n + Number(t.high - (positions.get(t.topic, t.partition) ?? 0n)), 0);
      let behind = missingBehind();
      log.info(
        { event: 'state_restore', versions: startedWith, checkpoint: startedWith > 0, behind },
        startedWith > 0 ? 'restoring state from the checkpoint' : 'building state from the topics',
      );
      while (behind > 0) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(every, 200)));
        const now = missingBehind();
        if (Date.now() - started >= every && now !== behind) {
          log.info(
            { event: 'state_restore_progress', applied, behind: now },
            `state: ${applied} records applied, ${now} to go`,
          );
        }
        behind = now;
        metrics.stateBehind.set(behind);
      }
      metrics.stateBehind.set(0);
      log.info(
        { event: 'state_restored', applied, versions: store.size(), seconds: (Date.now() - started) / 1000 },
        'state restored',
      );
    },
    passed: (topic: string, partition: number, offset: string) =>
      positions.passed(topic, partition, BigInt(offset)),
    /** Waits until the state holds the record at (topic, partition, offset); StateBehind after `timeoutMs`. */
    async waitFor(topic: string, partition: number, offset: string, timeoutMs: number): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new StateBehind(`state has not reached ${topic}/${partition}/${offset} in ${timeoutMs} ms`),
            ),
          timeoutMs,
        );
      });
      try {
        await Promise.race([positions.wait(topic, partition, BigInt(offset)), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      await consumer?.disconnect();
    },
  };
}

export type StateConsumer = ReturnType<typeof stateConsumer>;
