import type { Admin, Consumer, Kafka, Producer, ProducerConfig } from 'kafkajs';
import type { StructuredLog } from './client';

export interface InputPartition {
  topic: string;
  partition: number;
}

export interface PartitionProducersOptions {
  kafka: Kafka;
  groupId: string;
  /** Shared by every instance of the group, so whichever owns a partition uses the same id. */
  transactionalIdPrefix: string;
  /** Every producer's settings but its transactional id. */
  producer: Omit<ProducerConfig, 'transactionalId'>;
  log: StructuredLog;
  /** How long a fenced partition stays paused when no rebalance says whose it is. */
  fencedPauseMs: number;
  /** Counts fenced producers (`lakestream_transactions_fenced_total`). */
  fenced: { inc(): void };
}

/** What a transaction on an input partition is given. */
export interface PartitionTransaction {
  producer: Producer;
  /** The producer's first transaction: this instance has just fenced the partition's previous owner. */
  fresh: boolean;
  /**
   * The group's committed offset of the partition, read after this producer was initialised, on
   * the first transaction of a producer only (undefined when none was committed).
   */
  resumeAt?: bigint | undefined;
}

interface Entry {
  producer: Promise<Producer>;
  /** The transaction running on it, which closing the producer waits for. */
  busy: Promise<unknown>;
  used: boolean;
}

/**
 * Connects a transactional producer and initialises its id now. kafkajs sends InitProducerId only at
 * a producer's first `transaction()`, not at `connect()`: an instance that had not begun one yet when
 * its partition moved would otherwise initialise the id after the new owner, fence the new owner,
 * and commit. An empty transaction, aborted, sends InitProducerId alone: the predecessor's open
 * transaction is aborted and its epoch refused from here on.
 */
async function initialised(producer: Producer): Promise<Producer> {
  await producer.connect();
  const nothing = await producer.transaction();
  await nothing.abort();
  return producer;
}

export const transactionalIdOf = (prefix: string, { topic, partition }: InputPartition) =>
  `${prefix}-${topic}-${partition}`;

const keyOf = ({ topic, partition }: InputPartition) => `${partition}|${topic}`;

/**
 * One transactional producer per input partition, `<prefix>-<topic>-<partition>`: Kafka Streams'
 * design before KIP-447. kafkajs 2.2.4 cannot send a group generation with its offsets, so the broker
 * cannot refuse a stale member's commit; but when a partition moves, its new owner initialises the
 * partition's transactional id, which aborts what the old owner left open and refuses the old owner's
 * epoch from then on. A member that lost a partition can therefore never commit for it.
 *
 * Producers are made on a partition's first batch and closed when a rebalance assigns it elsewhere
 * (kafkajs has no revocation callback; GROUP_JOIN carries the new assignment).
 */
export function partitionProducers(options: PartitionProducersOptions) {
  const { kafka, log } = options;
  const entries = new Map<string, Entry>();
  const paused = new Map<string, NodeJS.Timeout>();
  let consumer: Consumer | undefined;
  let assigned = new Set<string>();
  let admin: Promise<Admin> | undefined;

  function close(key: string) {
    const entry = entries.get(key);
    if (!entry) return Promise.resolve();
    entries.delete(key);
    return entry.busy
      .catch(() => undefined)
      .then(() => entry.producer)
      .then((producer) => producer.disconnect())
      .catch((error: unknown) => log.warn({ err: error, key }, 'closing a partition producer failed'));
  }

  function resume(key: string, source: InputPartition) {
    clearTimeout(paused.get(key));
    if (paused.delete(key)) consumer?.resume([{ topic: source.topic, partitions: [source.partition] }]);
  }

  function connectedAdmin(): Promise<Admin> {
    admin ??= (async () => {
      const client = kafka.admin();
      await client.connect();
      return client;
    })().catch((error: unknown) => {
      admin = undefined;
      throw error;
    });
    return admin;
  }

  /** Asked after the producer's InitProducerId, which waited for any predecessor's commit to end. */
  async function committedOffset(source: InputPartition): Promise<bigint | undefined> {
    const client = await connectedAdmin();
    const [found] = await client.fetchOffsets({ groupId: options.groupId, topics: [source.topic] });
    const offset = found?.partitions.find((p) => p.partition === source.partition)?.offset;
    return offset === undefined || BigInt(offset) < 0n ? undefined : BigInt(offset);
  }

  function entryOf(source: InputPartition): Entry {
    const key = keyOf(source);
    const existing = entries.get(key);
    if (existing) return existing;
    const transactionalId = transactionalIdOf(options.transactionalIdPrefix, source);
    const producer = kafka.producer({ ...options.producer, transactionalId });
    const entry: Entry = {
      producer: initialised(producer),
      busy: Promise.resolve(),
      used: false,
    };
    entry.producer.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    entries.set(key, entry);
    return entry;
  }

  return {
    /** Follows the consumer's assignment: producers of partitions now elsewhere are closed. */
    follow(followed: Consumer) {
      consumer = followed;
      followed.on(followed.events.GROUP_JOIN, ({ payload }) => {
        const owned = Object.entries(payload.memberAssignment);
        assigned = new Set(
          owned.flatMap(([topic, partitions]) => partitions.map((partition) => keyOf({ topic, partition }))),
        );
        for (const key of [...entries.keys()]) if (!assigned.has(key)) void close(key);
        // A rebalance every live member joined says whose a fenced partition is now.
        for (const [topic, partitions] of owned)
          for (const partition of partitions) resume(keyOf({ topic, partition }), { topic, partition });
      });
    },

    /** Assigned to this member by the last rebalance it joined, and not paused after a fence. */
    owns: (source: InputPartition) => assigned.has(keyOf(source)) && !paused.has(keyOf(source)),

    /**
     * Runs one transaction of an input partition on that partition's producer, after the one running
     * on it (a producer has one transaction at a time).
     */
    async within<T>(
      source: InputPartition,
      work: (transaction: PartitionTransaction) => Promise<T>,
    ): Promise<T> {
      const entry = entryOf(source);
      const previous = entry.busy;
      const run = (async () => {
        await previous.catch(() => undefined);
        const producer = await entry.producer;
        const first = !entry.used;
        entry.used = true;
        return work({ producer, fresh: first, resumeAt: first ? await committedOffset(source) : undefined });
      })();
      entry.busy = run;
      return run;
    },

    /**
     * Another producer initialised this partition's id: the partition is someone else's now. Its
     * producer is dropped, and the partition paused until a rebalance says whose it is (or a session
     * timeout passed, by which a zombie has been expelled), so this instance does not fence back.
     */
    fenced(source: InputPartition, error: unknown) {
      const key = keyOf(source);
      options.fenced.inc();
      log.warn(
        {
          event: 'producer_fenced',
          ...source,
          transactionalId: transactionalIdOf(options.transactionalIdPrefix, source),
          err: error,
        },
        'another producer took this partition: its uncommitted work is dropped',
      );
      void close(key);
      if (!consumer || paused.has(key)) return;
      consumer.pause([{ topic: source.topic, partitions: [source.partition] }]);
      const timer = setTimeout(() => resume(key, source), options.fencedPauseMs);
      timer.unref();
      paused.set(key, timer);
    },

    /**
     * A transaction failed for another reason than a fence (the broker away, a timeout): the next
     * attempt gets a producer initialised afresh rather than one whose state the failure may have
     * left behind (an abort that did not reach the broker, an id the broker expired after a long idle).
     */
    drop(source: InputPartition) {
      void close(keyOf(source));
    },

    async closeAll() {
      for (const timer of paused.values()) clearTimeout(timer);
      paused.clear();
      await Promise.all([...entries.keys()].map(close));
      if (admin) await admin.then((client) => client.disconnect()).catch(() => undefined);
      admin = undefined;
    },
  };
}

export type PartitionProducers = ReturnType<typeof partitionProducers>;
