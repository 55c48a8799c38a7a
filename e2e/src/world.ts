import { randomInt } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { groupCaughtUp, groupLag } from '@lakestream/kafka';
import { recordDecoder, TABLES } from '@lakestream/schemas';
import {
  connectorHealth,
  connectUrl,
  debeziumConnectorConfig,
  loadStackConfig,
  localDynamoDbClient,
  type PipelineLayout,
  provisionSourceDatabase,
  readConnectorStatus,
  registerConnector,
  registryUrls,
  reviveConnector,
  runPipeline,
  type StackConfig,
  type SupervisorEvent,
  simulate,
  simulationPool,
  sourceConnectionOptions,
  sourceRootSql,
  superviseConnector,
  uniqueName,
  waitFor,
  waitWhileProgressing,
} from '@lakestream/stack';
import { Kafka, logLevel } from 'kafkajs';
import { freePortOffset } from './ports';

/**
 * A whole pipeline of its own on the shared stack, as `lakestream up` runs it but private: its own
 * seeded GlobalMart database and a Debezium connector on it (its own topic prefix, so its raw topics
 * hold only what this world injects besides its source's changes), its own groups, topics, warehouse
 * prefix and DynamoDB table, every service as its own process under a supervisor this test owns.
 */
export async function pipelineWorld(options: {
  instances?: PipelineLayout['instances'];
  log?: (line: string) => void;
  /** The seed of the world's source database (libs/stack globalmart); 1 is about 60k rows. */
  seedScale?: number;
}) {
  const stack: StackConfig = loadStackConfig();
  const log = options.log ?? (() => undefined);
  const id = uniqueName('e2e');
  const sourcePrefix = id.replace(/[^a-z0-9]/gi, '_');
  // A source database of its own: the connector's snapshot holds this world's seed, not every row
  // the worlds before it (in the same CI run) wrote into a shared one.
  const database = `gm_${sourcePrefix.replace(/^e2e_/, '')}`;
  const source: StackConfig = {
    ...stack,
    mariadb: { ...stack.mariadb, database },
    seed: { ...stack.seed, scale: options.seedScale ?? 0.5 },
  };
  await provisionSourceDatabase(source, log);
  const kafka = new Kafka({
    clientId: id,
    brokers: [`${stack.host}:${stack.ports.kafka}`],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const changesTopic = (table: string) => `${id}.changes.${table}`;
  const rawTopic = (table: string) => `${sourcePrefix}.${database}.${table}`;
  const dlqTopic = `${id}.dlq`;
  const enrichedTopic = (table: string) => `${id}.enriched.${table}`;
  const pendingTopic = `${id}.enricher.pending`;
  // Raw topics first: cdc-ingest resolves its pattern at start. Then the outputs the sinks subscribe to.
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      ...TABLES.map((t) => ({ topic: rawTopic(t), numPartitions: 3 })),
      ...TABLES.map((t) => ({ topic: changesTopic(t), numPartitions: 3 })),
      // The enricher's outputs and its late-reference ledger (one partition, as the catalog has it).
      ...TABLES.map((t) => ({ topic: enrichedTopic(t), numPartitions: 3 })),
      { topic: pendingTopic, numPartitions: 1 },
      { topic: dlqTopic, numPartitions: 1 },
    ],
  });
  const connector = {
    name: `${id}-source`,
    topicPrefix: sourcePrefix,
    // Far from the stack connector's 5401 and the server's 1: binlog readers must not share an id.
    serverId: randomInt(100_000, 2_000_000_000),
    database,
    tables: [...TABLES],
  };
  await registerConnector(stack, debeziumConnectorConfig(stack, connector));
  log(`connector ${connector.name} running (topics ${sourcePrefix}.${database}.*)`);
  // As `lakestream up` keeps the stack's connector: a failed task is restarted, not left for a person.
  const connectorRestarts: string[] = [];
  const watchdog = superviseConnector(stack, connector.name, {
    intervalMs: 5_000,
    onRestart: (reason) => {
      connectorRestarts.push(reason);
      log(`connector ${connector.name} failed, restarting it: ${reason}`);
    },
    onError: () => undefined,
  });

  const events: SupervisorEvent[] = [];
  const placed: PipelineLayout = {
    id,
    sourceTopicPrefix: sourcePrefix,
    ...(options.instances ? { instances: options.instances } : {}),
  };
  const layout: PipelineLayout = { ...placed, portOffset: await freePortOffset(stack, placed) };
  const pipeline = runPipeline(source, {
    layout,
    onEvent: (event) => {
      events.push(event);
      if (event.event !== 'started' || event.restarts > 0) log(`${event.name} ${event.event}`);
    },
    graceMs: 30_000,
  });
  const pool = simulationPool(sourceConnectionOptions(source));
  const dynamo = localDynamoDbClient(stack);

  // A world that reads no enriched topic may leave the enricher out: on two cores it competes with
  // what the test measures. The pipeline's layout then feeds the sinks the changes topics.
  const enriching = pipeline.instances.some((i) => i.service === 'enricher');
  const sinkPrefix = pipeline.instances.find((i) => i.service === 'lake-sink')?.env.INPUT_TOPIC_PREFIX;
  if (sinkPrefix === undefined) throw new Error('the world runs no lake-sink');
  const sinkInput = (table: string) => `${sinkPrefix}${table}`;
  const groups = {
    ingest: `${id}-cdc-ingest`,
    enricher: `${id}-enricher`,
    lake: `${id}-lake-sink`,
    projector: `${id}-inventory-projector`,
  };
  const all = (topic: (table: string) => string) => TABLES.map(topic);
  /** Each group of the world with the topics it reads. */
  const reads: [group: string, topics: string[]][] = [
    [groups.ingest, all(rawTopic)],
    ...(enriching ? [[groups.enricher, [...all(changesTopic), pendingTopic]] as [string, string[]]] : []),
    [groups.lake, all(sinkInput)],
    [groups.projector, ['products', 'warehouses', 'inventory'].map(sinkInput)],
  ];
  /** Where the pipeline stands: records the source has written so far, and each group's lag. */
  const standing = async () => {
    let source = 0;
    for (const topic of all(rawTopic))
      for (const p of await admin.fetchTopicOffsets(topic)) source += Number(p.high);
    const lag: Record<string, number> = {};
    for (const row of await groupLag(
      admin,
      reads.map(([group]) => group),
    )) {
      const name = row.group.slice(id.length + 1);
      lag[name] = (lag[name] ?? 0) + Number(row.lag);
    }
    return { source, lag };
  };
  const describeStanding = async () => {
    const { source, lag } = await standing();
    const lags = Object.entries(lag).map(([group, n]) => `${group} ${n}`);
    const connectorState = connectorHealth(await readConnectorStatus(stack, connector.name));
    return `source ${source} records; lag ${lags.join(', ')}; connector ${connectorState}`;
  };
  // Draining a backlog takes as long as the machine makes it: wait while the pipeline moves.
  const whileMoving = (what: string, timeoutMs: number, done: () => boolean | Promise<boolean>) =>
    waitWhileProgressing(done, standing, {
      what,
      timeoutMs,
      stallMs: 180_000,
      intervalMs: 1_000,
      describe: describeStanding,
    });

  return {
    id,
    /** The shared stack's servers; the world's source database is `database` on its MariaDB. */
    stack,
    database,
    kafka,
    admin,
    pool,
    dynamo,
    pipeline,
    events,
    connectorRestarts,
    groups,
    rawTopic,
    changesTopic,
    enrichedTopic,
    dlqTopic,
    warehouse: `s3://${stack.s3.warehouseBucket}/${id}/lake`,
    dynamoTable: id,

    /**
     * Registers the world's connector again: the stack's Connect runs standalone, which keeps a
     * connector made through REST in memory only, so a restart of Connect forgets it. Its offsets are
     * in the worker's offset file under its name, so it goes on from where it was.
     */
    async reregister() {
      await registerConnector(stack, debeziumConnectorConfig(stack, connector));
    },

    /** After the broker was away: the world's connector runs again, its failed task restarted if need be. */
    revive: () => reviveConnector(stack, connector.name),

    /** Waits until every service instance answers /readyz, naming the ones that do not. */
    async ready() {
      let waiting: string[] = [];
      await waitFor(
        async () => {
          const answers = await Promise.all(
            pipeline.instances.map((i) =>
              fetch(`http://${stack.host}:${i.httpPort}/readyz`, { signal: AbortSignal.timeout(1_000) })
                .then((r) => r.ok)
                .catch(() => false),
            ),
          );
          waiting = pipeline.instances.filter((_, n) => !answers[n]).map((i) => i.name);
          return waiting.length === 0;
        },
        { what: 'every service instance to be ready', timeoutMs: 180_000, intervalMs: 500 },
      ).catch((error: Error) => {
        throw new Error(
          `${error.message}; not ready: ${waiting.join(', ')} (logs in ${stack.home}/logs/pipeline)`,
        );
      });
    },

    /** The GlobalMart workload through SQL on MariaDB (libs/stack simulate). */
    simulate: (changes: number, rate: number, seed: number) =>
      simulate(
        { rate, changes, seed, connections: 8, progressIntervalMs: 10_000 },
        { pool, onProgress: (p) => log(`simulated ${p.changes} changes (${Math.round(p.rate)}/s)`) },
      ),

    /**
     * Waits until the world's connector streams the binlog: its initial snapshot of the world's
     * database is done. A snapshot cut short (a Connect or broker restart) is redone from the start,
     * and a row the source deleted between the two attempts is in the first and not the second, with
     * no delete ever emitted for it (Debezium's documented behaviour): chaos starts after this. A
     * marker insert proves it: a streamed change (op c), not a snapshot read (op r) of a marker the
     * snapshot happened to catch.
     */
    async streaming(timeoutMs = 300_000) {
      const decoder = recordDecoder({ registryUrl: registryUrls(stack).confluent });
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const marker = `stream-${Date.now().toString(36)}`;
        await pool.query('INSERT INTO tenants (tenant_id, name) VALUES (?, ?)', [marker, 'e2e marker']);
        const found = await waitForKey(kafka, changesTopic('tenants'), marker, (arrived, what) =>
          waitFor(arrived, { what, timeoutMs: deadline - Date.now(), intervalMs: 250 }),
        );
        const decoded = decoder.decode(found.value as Buffer);
        const op = ((decoded instanceof Promise ? await decoded : decoded).value as { op: string }).op;
        log(`marker ${marker} arrived as op ${op} after ${found.seen} records`);
        if (op !== 'r') return;
      }
    },

    /**
     * Waits until everything the source committed so far is in every sink: a marker row is written
     * last, and once its change is on the changes topic (Debezium emits in binlog order), every
     * group has consumed to the end of every topic it reads. It waits while the pipeline moves, up
     * to `timeoutMs`, and fails after three minutes without a move, saying where each group stands.
     */
    async caughtUp(timeoutMs = 1_200_000) {
      const marker = `mark-${Date.now().toString(36)}`;
      await pool.query('INSERT INTO tenants (tenant_id, name) VALUES (?, ?)', [marker, 'e2e marker']);
      const tenants = changesTopic('tenants');
      const started = Date.now();
      const left = () => Math.max(1, timeoutMs - (Date.now() - started));
      await whileMoving('the raw tenants topic to have records', left(), async () => {
        for (const p of await admin.fetchTopicOffsets(rawTopic('tenants')))
          if (Number(p.high) > 0) return true;
        return false;
      });
      const { seen } = await waitForKey(kafka, tenants, marker, (arrived, what) =>
        whileMoving(what, left(), arrived),
      );
      log(`marker ${marker} reached ${tenants} (${seen} records read)`);
      await whileMoving('every group to reach the end of its topics', left(), async () => {
        for (const [group, topics] of reads) if (!(await groupCaughtUp(admin, group, topics))) return false;
        return true;
      });
      log(`every group caught up after ${((Date.now() - started) / 1000).toFixed(0)} s`);
    },

    async close() {
      watchdog.stop();
      await pipeline.stop().catch(() => undefined);
      await fetch(`${connectUrl(stack)}/connectors/${connector.name}`, { method: 'DELETE' }).catch(
        () => undefined,
      );
      await pool.end().catch(() => undefined);
      await sourceRootSql(stack, `DROP DATABASE IF EXISTS \`${database}\`;`).catch(() => undefined);
      await dynamo.send(new DeleteTableCommand({ TableName: id })).catch(() => undefined);
      dynamo.destroy();
      const existing = new Set(await admin.listTopics());
      const ours = [...existing].filter(
        (t) =>
          t.startsWith(`${id}.`) ||
          t.startsWith(`${sourcePrefix}.`) ||
          t === sourcePrefix ||
          t === `schema-history.${sourcePrefix}`,
      );
      if (ours.length > 0) await admin.deleteTopics({ topics: ours }).catch(() => undefined);
      await admin.disconnect();
    },
  };
}

export type PipelineWorld = Awaited<ReturnType<typeof pipelineWorld>>;

/**
 * Reads a topic from its beginning (read_committed) until a record with `key` shows up, for as long
 * as `until` waits; returns its value.
 */
async function waitForKey(
  kafka: Kafka,
  topic: string,
  key: string,
  until: (arrived: () => boolean, what: string) => Promise<unknown>,
): Promise<{ seen: number; value: Buffer | null }> {
  let seen = 0;
  let found: { value: Buffer | null } | undefined;
  const consumer = kafka.consumer({ groupId: uniqueName('e2e-marker'), maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen += 1;
      if (!found && message.key?.toString() === key) found = { value: message.value };
    },
  });
  try {
    await until(() => found !== undefined, `the marker ${key} on ${topic}`);
  } finally {
    await consumer.disconnect();
  }
  return { seen, value: found?.value ?? null };
}
