import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from '../../config';
import { waitFor } from '../../wait';
import { ensureCached, mavenCopyDependencies, run } from '../install';
import type { PartContext, StackPart } from '../part';
import {
  connectorHealth,
  connectUrl,
  failureOf,
  readConnectorStatus,
  restartFailed,
} from './connector-status';

export { connectUrl };

import { registryUrls } from './registry';

const connectVersion = '4.3.1';
const debeziumVersion = '3.5.0.Final';

export const connectorName = 'globalmart-source';
/** Debezium names a table's topic `<topic.prefix>.<database>.<table>`. */
export const topicPrefix = 'globalmart';
export const debeziumTopic = (config: StackConfig, table: string) =>
  `${topicPrefix}.${config.mariadb.database}.${table}`;

const properties = (entries: Record<string, string | number | boolean>) =>
  `${Object.entries(entries)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;

function workerProperties(ctx: PartContext): Record<string, string | number | boolean> {
  const { host, ports } = ctx.config;
  return {
    'bootstrap.servers': `${host}:${ports.kafka}`,
    listeners: `http://${host}:${ports.connect}`,
    'plugin.path': join(ctx.cacheDir, 'plugins'),
    'offset.storage.file.filename': join(ctx.stateDir, 'connect.offsets'),
    'offset.flush.interval.ms': 1000,
    // Manifests written at install time let the worker skip scanning every jar (start ~5 s, not ~12 s).
    'plugin.discovery': 'service_load',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    // Debezium's topics carry schemas in the registry; the worker's own converters are unused.
    'key.converter.schemas.enable': false,
    'value.converter.schemas.enable': false,
  };
}

/** Avro in the Confluent wire format (0x00 + 4-byte id), ids from the registry's Confluent API. */
function avroConverter(prefix: 'key.converter' | 'value.converter', config: StackConfig) {
  return {
    [prefix]: 'io.apicurio.registry.utils.converter.AvroConverter',
    [`${prefix}.apicurio.registry.url`]: registryUrls(config).apicurioV2,
    [`${prefix}.apicurio.registry.as-confluent`]: true,
    [`${prefix}.apicurio.registry.use-id`]: 'contentId',
    [`${prefix}.apicurio.registry.headers.enabled`]: false,
    [`${prefix}.apicurio.registry.auto-register`]: true,
    [`${prefix}.apicurio.registry.find-latest`]: true,
    // Without this a NULL column arrives as the column's default (SET price = NULL → 9.99). The
    // Apicurio converter ignores it, hence also the keepNulls transform; kept for any other converter.
    [`${prefix}.replace.null.with.default`]: false,
  };
}

/**
 * A connector of its own beside the stack's, for a test that must change what the shared one
 * captures (a TRUNCATE empties a table for everyone): its own name, `topic.prefix` (so its own
 * topics and schema history), replica `database.server.id`, and only the tables it needs.
 */
export interface PrivateConnector {
  name: string;
  topicPrefix: string;
  /** Unique among the binlog readers of the server (the stack's connector is 5401). */
  serverId: number;
  database: string;
  tables: readonly string[];
}

/**
 * The Debezium MariaDB connector as the stack runs it (`connectorProperties`), or a private copy
 * with the same capture settings. Values are the connector's own property names (debezium.io,
 * MariaDB connector, "Connector properties").
 */
export function debeziumConnectorConfig(
  config: StackConfig,
  own?: PrivateConnector,
): Record<string, string | number | boolean> {
  const { host, ports, mariadb } = config;
  const prefix = own?.topicPrefix ?? topicPrefix;
  return {
    name: own?.name ?? connectorName,
    'connector.class': 'io.debezium.connector.mariadb.MariaDbConnector',
    'tasks.max': 1,
    'database.hostname': host,
    'database.port': ports.mariadb,
    'database.user': 'debezium',
    'database.password': 'debezium',
    'database.ssl.mode': 'disable',
    // The connector joins as a replica, so its id must differ from the server's server_id.
    'database.server.id': own?.serverId ?? 5401,
    'database.include.list': own?.database ?? mariadb.database,
    ...(own ? { 'table.include.list': own.tables.map((t) => `${own.database}.${t}`).join(',') } : {}),
    'topic.prefix': prefix,
    'snapshot.mode': 'initial',
    // A private connector must not take the global read lock of `minimal` locking: it would stall
    // every other writer of the shared server; its own database sees no DDL while it snapshots.
    ...(own ? { 'snapshot.locking.mode': 'none' } : {}),
    'schema.history.internal.kafka.bootstrap.servers': `${host}:${ports.kafka}`,
    // Not `globalmart.…`: a name under the prefix would look like a table topic to pattern subscribers.
    'schema.history.internal.kafka.topic': `schema-history.${prefix}`,
    // A task that starts while the broker restarts (Connect back first, then Kafka) reads the schema
    // history through empty polls, and gives up for good after `attempts` of them (about 10 s at the
    // defaults): it failed so in a CI chaos run on 2026-12-07. About 5 minutes of patience instead;
    // a healthy recovery ends at the topic's end offset and never waits out the polls.
    'schema.history.internal.kafka.recovery.poll.interval.ms': 500,
    'schema.history.internal.kafka.recovery.attempts': 600,
    'topic.creation.default.replication.factor': 1,
    'topic.creation.default.partitions': 3,
    'include.schema.changes': true,
    // 20 ms instead of 500 ms: commit → Kafka p50 drops from ~250 ms to ~22 ms (measured, INFRA.md).
    'poll.interval.ms': 20,
    'decimal.handling.mode': 'precise',
    'time.precision.mode': 'adaptive_time_microseconds',
    'tombstones.on.delete': true,
    // A TRUNCATE TABLE is a change (every row gone), but `skipped.operations` defaults to `t`, which
    // drops it silently; `none` makes the connector emit an op `t` event without before/after on the
    // table's topic (debezium.io, MariaDB connector, "skipped.operations" and "truncate events").
    'skipped.operations': 'none',
    ...avroConverter('key.converter', config),
    ...avroConverter('value.converter', config),
    transforms: 'keepNulls',
    'transforms.keepNulls.type': 'lakestream.connect.DropNullableDefaults',
  };
}

export const connectorProperties = (ctx: PartContext) => debeziumConnectorConfig(ctx.config);

/**
 * The Apicurio 2.6 Avro converter ignores `replace.null.with.default` and turns a NULL column into
 * the column's DEFAULT; this transform strips defaults from optional fields before it converts.
 */
async function buildNullPreservingTransform(
  resourceDir: string,
  libs: string,
  tmp: string,
  pluginDir: string,
) {
  const classes = join(tmp, 'smt-classes');
  await run('javac', [
    '--release',
    '17',
    '-cp',
    libs,
    '-d',
    classes,
    join(resourceDir, 'DropNullableDefaults.java'),
  ]);
  mkdirSync(join(classes, 'META-INF', 'services'), { recursive: true });
  writeFileSync(
    join(classes, 'META-INF', 'services', 'org.apache.kafka.connect.transforms.Transformation'),
    'lakestream.connect.DropNullableDefaults\n',
  );
  mkdirSync(pluginDir, { recursive: true });
  await run('jar', ['cf', join(pluginDir, 'lakestream-smt.jar'), '-C', classes, '.']);
}

/** POST /connectors (Kafka Connect REST API), then wait until the connector and its task run. */
export async function registerConnector(
  stack: StackConfig,
  config: Record<string, string | number | boolean>,
): Promise<void> {
  const url = connectUrl(stack);
  const name = String(config.name);
  const body = { name, config: Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)])) };
  const response = await fetch(`${url}/connectors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Connect refused ${name}: ${response.status} ${await response.text()}`);
  await waitFor(
    async () => {
      const status = await readConnectorStatus(stack, name);
      const failure = failureOf(status);
      if (failure) throw new Error(`connector ${name} failed: ${failure}`);
      return connectorHealth(status) === 'running';
    },
    { what: `connector ${name} to run`, timeoutMs: 60_000, intervalMs: 250 },
  );
}

/**
 * Waits until a connector and its tasks run, restarting what failed: Connect never restarts a failed
 * task on its own, and a Debezium task can fail while the broker it writes to is away.
 */
export async function reviveConnector(stack: StackConfig, name: string, timeoutMs = 180_000): Promise<void> {
  await waitFor(
    async () => {
      const health = connectorHealth(await readConnectorStatus(stack, name));
      if (health === 'failed') await restartFailed(stack, name);
      return health === 'running';
    },
    { what: `connector ${name} to run again`, timeoutMs, intervalMs: 1_000 },
  );
}

export const connectPart: StackPart = {
  name: 'connect',
  version: `Kafka Connect ${connectVersion} + Debezium ${debeziumVersion}`,
  cacheKey: `connect-${connectVersion}-debezium-${debeziumVersion}`,
  dependsOn: ['kafka', 'registry', 'mariadb'],
  readyTimeoutMs: 120_000,
  ports: (config) => [config.ports.connect],
  address: connectUrl,

  async install(ctx) {
    const what = `Kafka Connect ${connectVersion} and Debezium ${debeziumVersion}`;
    await ensureCached(ctx.cacheDir, ctx.progress, what, async (tmp) => {
      const libs = `${tmp}/libs/*`;
      const plugins = `${tmp}/plugins`;
      await mavenCopyDependencies(join(ctx.resourceDir, 'pom.xml'), `${tmp}/libs`);
      // The plugin POM is copied so Maven's unpack markers land in the throwaway folder: a stale
      // marker beside the repo's POM would make a later unpack silently skip.
      const pom = join(tmp, 'plugins-pom.xml');
      copyFileSync(join(ctx.resourceDir, 'plugins', 'pom.xml'), pom);
      await run('mvn', [
        '-q',
        '-B',
        '-f',
        pom,
        'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack@debezium',
        'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
        `-Dplugins.dir=${plugins}`,
        `-DoutputDirectory=${plugins}/apicurio-converter`,
        '-DincludeScope=runtime',
      ]);
      await buildNullPreservingTransform(ctx.resourceDir, libs, tmp, `${plugins}/lakestream-smt`);
      ctx.progress('writing plugin manifests');
      await run('java', [
        '-cp',
        libs,
        'org.apache.kafka.tools.ConnectPluginPath',
        'sync-manifests',
        '--plugin-location',
        `${plugins}/apicurio-converter`,
      ]);
    });
  },

  async prepare(ctx) {
    mkdirSync(ctx.stateDir, { recursive: true });
    writeFileSync(join(ctx.stateDir, 'worker.properties'), properties(workerProperties(ctx)));
    writeFileSync(join(ctx.stateDir, 'connector.properties'), properties(connectorProperties(ctx)));
  },

  process: (ctx) => ({
    command: 'java',
    args: [
      '-Xms256m',
      '-Xmx1g',
      '-cp',
      `${ctx.cacheDir}/libs/*`,
      `-Dlog4j2.configurationFile=${join(ctx.resourceDir, '..', 'kafka', 'log4j2.properties')}`,
      `-Dkafka.logs.dir=${ctx.stateDir}`,
      '-Dlakestream.log.name=connect',
      'org.apache.kafka.connect.cli.ConnectStandalone',
      join(ctx.stateDir, 'worker.properties'),
      join(ctx.stateDir, 'connector.properties'),
    ],
  }),

  /** Ready means the connector and its task run, not merely that the REST port answers. */
  async probe(ctx) {
    const status = await readConnectorStatus(ctx.config, connectorName);
    const failure = failureOf(status);
    if (failure) throw new Error(`connector task failed: ${failure}`);
    return connectorHealth(status) === 'running';
  },
};
