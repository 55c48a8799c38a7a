import { exactlyOnceLoop, loopMetrics, type StructuredLog, transactionalIdPrefix } from '@lakestream/kafka';
import { recordDecoder, type Table } from '@lakestream/schemas';
import type { WarehouseStorage } from '@lakestream/storage';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { EnrichConfig } from './config';
import { type PiiKey, piiKeyring } from './join/pii';
import { enrichMetrics } from './metrics';
import { ledgerIndex } from './state/ledger-index';
import { stateConsumer } from './state/state-consumer';
import { lmdbStore } from './store/lmdb-store';
import { isStateEntity, type StateEntity } from './store/reference';
import { enrichTransform } from './transform';
import { enrichedWriter } from './writer';

export interface EnrichDeps {
  kafka: Kafka;
  metricsRegistry: Registry;
  log: StructuredLog;
  claimChecks: WarehouseStorage;
  piiKeys: readonly PiiKey[];
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * The enricher built from its config and clients (main.ts wires the process around it): the
 * replicated state is restored first (from STATE_DIR, then the topics), then the exactly-once loop
 * reads every changes topic and the pending ledger and writes `lakestream.enriched.<entity>`.
 */
export function enrichService(config: EnrichConfig, deps: EnrichDeps) {
  const { log } = deps;
  const doFetch = deps.fetch ?? fetch;
  const changesTopic = (table: Table) => `${config.CHANGES_TOPIC_PREFIX}${table}`;
  const enrichedTopic = (table: Table) => `${config.ENRICHED_TOPIC_PREFIX}${table}`;
  const entityByTopic = new Map(config.ENTITIES.map((t) => [changesTopic(t), t]));
  const store = lmdbStore({ path: config.STATE_DIR, cacheEntries: config.STATE_CACHE_ENTRIES });
  const index = ledgerIndex();
  const decoder = recordDecoder({ registryUrl: config.SCHEMA_REGISTRY_URL, fetch: doFetch });
  const metrics = enrichMetrics(deps.metricsRegistry);
  const stateTopics = new Map<string, StateEntity>(
    config.ENTITIES.filter(isStateEntity).map((t) => [changesTopic(t), t]),
  );
  const state = stateConsumer({
    kafka: deps.kafka,
    groupPrefix: config.GROUP_ID,
    changesTopics: stateTopics,
    pendingTopic: config.PENDING_TOPIC,
    store,
    index,
    decoder,
    log,
    metrics,
  });
  let transform: ReturnType<typeof enrichTransform> | undefined;
  const pendingEnd = async (partition: number): Promise<bigint> => {
    const admin = deps.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(config.PENDING_TOPIC);
      return BigInt(offsets.find((p) => p.partition === partition)?.high ?? '0');
    } finally {
      await admin.disconnect();
    }
  };
  const loop = exactlyOnceLoop({
    kafka: deps.kafka,
    groupId: config.GROUP_ID,
    transactionalIdPrefix: transactionalIdPrefix(config),
    topics: [...entityByTopic.keys(), config.PENDING_TOPIC],
    transform: (record) => {
      if (!transform) throw new Error('the enricher has not started');
      return transform(record);
    },
    log,
    metrics: loopMetrics(deps.metricsRegistry),
    deadLetters: { topic: config.DLQ_TOPIC, stage: 'enrich', claimChecks: deps.claimChecks },
    outputTopics: [...config.ENTITIES.map(enrichedTopic), config.PENDING_TOPIC],
    maxMessageBytes: config.KAFKA_MAX_MESSAGE_BYTES,
    // A new owner of a ledger partition acts on entries its previous owner may have updated in
    // records after the trigger at hand (the previous owner had them in its own overlay): its state
    // must hold the partition to the end first, which, once the previous owner is fenced, is final.
    onAcquire: async ({ topic, partition }) => {
      if (topic !== config.PENDING_TOPIC || !transform) return;
      const end = await pendingEnd(partition);
      if (end > 0n) await state.waitFor(topic, partition, String(end - 1n), config.STATE_WAIT_MS);
      transform.acquired(partition);
    },
    ...(deps.now ? { now: deps.now } : {}),
  });
  let phase: 'idle' | 'restoring' | 'running' | 'stopped' = 'idle';
  let pruning: NodeJS.Timeout | undefined;
  let stateCrashed = false;
  void state.crashed.then(() => {
    stateCrashed = true;
  });

  const prune = () => {
    const cut = BigInt(Date.now() - config.STATE_RETENTION_SECONDS * 1000) * 1000n;
    const dropped = store.prune(cut);
    metrics.stateVersions.set(store.size());
    if (dropped > 0)
      log.info({ event: 'state_pruned', dropped, versions: store.size() }, 'old versions dropped');
  };

  return {
    crashed: Promise.race([loop.crashed, state.crashed]),
    state: () => {
      if (stateCrashed) return 'crashed' as const;
      if (phase === 'running') return loop.state();
      return phase === 'restoring' ? 'starting' : phase;
    },
    ready: () => phase === 'running' && loop.ready(),
    store,

    async start() {
      phase = 'restoring';
      await state.start();
      const admin = deps.kafka.admin();
      await admin.connect();
      let pendingPartitions: number;
      try {
        const metadata = await admin.fetchTopicMetadata({ topics: [config.PENDING_TOPIC] });
        pendingPartitions = metadata.topics[0]?.partitions.length ?? 0;
      } finally {
        await admin.disconnect();
      }
      if (pendingPartitions < 1) throw new Error(`${config.PENDING_TOPIC} has no partitions`);
      transform = enrichTransform({
        decoder,
        writer: enrichedWriter({
          registryUrl: config.SCHEMA_REGISTRY_URL,
          subjectOf: (table) => `${enrichedTopic(table)}-value`,
          fetch: doFetch,
        }),
        store,
        state,
        index,
        keyring: piiKeyring(deps.piiKeys),
        metrics,
        entityOf: (topic) => entityByTopic.get(topic),
        enrichedTopic,
        pendingTopic: config.PENDING_TOPIC,
        pendingPartitions,
        dlqTopic: config.DLQ_TOPIC,
        lateWindowMs: config.ENRICH_LATE_WINDOW_SECONDS * 1000,
        stateWaitMs: config.STATE_WAIT_MS,
        ...(deps.now ? { now: deps.now } : {}),
      });
      prune();
      pruning = setInterval(prune, 3600_000).unref();
      await loop.start();
      phase = 'running';
    },

    /** The loop first (it finishes and commits its batch), then the state reader, then the store. */
    async stop() {
      clearInterval(pruning);
      await loop.stop();
      await state.stop();
      await store.close();
      phase = 'stopped';
    },
  };
}
