import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  connectUrl,
  debeziumConnectorConfig,
  loadStackConfig,
  type PrivateConnector,
  registerConnector,
  sourceConnectionOptions,
  sourceRootSql,
} from '@lakestream/stack';
import { Kafka, logLevel } from 'kafkajs';
import { type Connection, createConnection } from 'mysql2/promise';

const stack = loadStackConfig();
const schemaSql = join(__dirname, '..', '..', '..', '..', 'db', 'globalmart', 'schema.sql');

/**
 * A source of its own on the shared stack, for a test that changes what the shared connector
 * captures (a TRUNCATE empties the table for every test): a MariaDB database of its own holding
 * copies of GlobalMart tables (DDL from db/globalmart/schema.sql), and a Debezium connector of its
 * own on it, with the stack connector's settings (`debeziumConnectorConfig`), registered through
 * Connect's REST API. `close()` deletes the connector, its topics and the database.
 */
export interface PrivateSource {
  readonly database: string;
  readonly connector: PrivateConnector;
  /** Debezium's topic for a table: `<topic.prefix>.<database>.<table>`. */
  rawTopic(table: string): string;
  /** A connection to the private database as the `lakestream` user. */
  connect(): Promise<Connection>;
  close(): Promise<void>;
}

export async function privateSource(tables: readonly string[]): Promise<PrivateSource> {
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `globalmart_scratch_${suffix}`;
  const connector: PrivateConnector = {
    name: `scratch-source-${suffix}`,
    topicPrefix: `scratch_${suffix}`,
    // Far from the stack connector's 5401 and the server's 1; binlog readers must not share an id.
    serverId: randomInt(100_000, 2_000_000_000),
    database,
    tables,
  };
  const rawTopic = (table: string) => `${connector.topicPrefix}.${database}.${table}`;
  const kafka = new Kafka({
    clientId: 'private-source',
    brokers: [`${stack.host}:${stack.ports.kafka}`],
    logLevel: logLevel.NOTHING,
  });
  const connect = () => createConnection({ ...sourceConnectionOptions(stack), database });

  await sourceRootSql(
    stack,
    `CREATE DATABASE \`${database}\`; GRANT ALL PRIVILEGES ON \`${database}\`.* TO '${stack.mariadb.user}'@'%';`,
  );
  const db = await connect();
  try {
    for (const table of tables) await db.query(tableDdl(table));
  } finally {
    await db.end();
  }
  // Created before the connector, so a consumer subscribing by pattern finds them from the start.
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: tables.map((table) => ({ topic: rawTopic(table), numPartitions: 3 })),
    });
  } finally {
    await admin.disconnect();
  }
  await registerConnector(stack, debeziumConnectorConfig(stack, connector));

  return {
    database,
    connector,
    rawTopic,
    connect,
    async close() {
      // Every step runs even if one before it failed; the first failure is reported.
      const failures: unknown[] = [];
      const step = (work: () => Promise<unknown>) => work().catch((error) => void failures.push(error));
      await step(() => fetch(`${connectUrl(stack)}/connectors/${connector.name}`, { method: 'DELETE' }));
      await step(() => sourceRootSql(stack, `DROP DATABASE IF EXISTS \`${database}\`;`));
      await step(async () => {
        const cleanup = kafka.admin();
        await cleanup.connect();
        try {
          const existing = new Set(await cleanup.listTopics());
          const ours = [
            ...tables.map(rawTopic),
            connector.topicPrefix,
            `schema-history.${connector.topicPrefix}`,
          ].filter((topic) => existing.has(topic));
          if (ours.length > 0) await cleanup.deleteTopics({ topics: ours });
        } finally {
          await cleanup.disconnect();
        }
      });
      if (failures.length > 0) throw failures[0];
    },
  };
}

/** A table's CREATE statement from db/globalmart/schema.sql; a table with foreign keys is refused. */
export function tableDdl(table: string): string {
  const sql = readFileSync(schemaSql, 'utf8');
  const start = sql.indexOf(`CREATE TABLE IF NOT EXISTS ${table} (`);
  if (start < 0) throw new Error(`db/globalmart/schema.sql has no table ${table}`);
  const ddl = sql.slice(start, sql.indexOf(';', start) + 1);
  if (/FOREIGN KEY/i.test(ddl))
    throw new Error(`${table} has foreign keys; a private copy needs its parents`);
  return ddl;
}
