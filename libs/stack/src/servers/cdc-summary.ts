import { Kafka, logLevel } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { type StackConfig, sourceConnectionOptions } from '../config';
import { renderTable } from '../table';
import { waitFor } from '../wait';
import { debeziumTopic } from './parts/connect';

export interface TableFlow {
  table: string;
  sourceRows: number;
  kafkaRecords: number;
}

/** Row counts per table of the GlobalMart source. */
export async function countSourceRows(config: StackConfig): Promise<Map<string, number>> {
  const db = await createConnection({
    ...sourceConnectionOptions(config),
  });
  try {
    const [tables] = await db.query<import('mysql2').RowDataPacket[]>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name",
      [config.mariadb.database],
    );
    const rows = new Map<string, number>();
    for (const { name } of tables as { name: string }[]) {
      const [[count]] = (await db.query(`SELECT COUNT(*) AS n FROM \`${name}\``)) as unknown as [
        [{ n: number }],
      ];
      rows.set(name, Number(count.n));
    }
    return rows;
  } finally {
    await db.end();
  }
}

/** The records Debezium has put on each table's topic, beside the table's row count. */
async function countTopicRecords(config: StackConfig, sourceRows: Map<string, number>): Promise<TableFlow[]> {
  const admin = new Kafka({
    clientId: 'lakestream-cdc-summary',
    brokers: [`${config.host}:${config.ports.kafka}`],
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const flows: TableFlow[] = [];
    for (const [table, rows] of sourceRows) {
      const topic = debeziumTopic(config, table);
      let records = 0;
      if (existing.has(topic)) {
        for (const p of await admin.fetchTopicOffsets(topic)) records += Number(p.high) - Number(p.low);
      }
      flows.push({ table, sourceRows: rows, kafkaRecords: records });
    }
    return flows;
  } finally {
    await admin.disconnect();
  }
}

/** Row counts in the GlobalMart source next to the records Debezium has put on each table's topic. */
export async function measureCdcFlow(config: StackConfig): Promise<TableFlow[]> {
  return countTopicRecords(config, await countSourceRows(config));
}

/**
 * Waits until Debezium's initial snapshot has reached Kafka: every row produces at least one
 * record, so a topic with fewer records than its table has rows is still being snapshotted. The
 * source is counted once; only the topics are polled.
 */
export async function waitForSnapshot(
  config: StackConfig,
  report: (line: string) => void,
): Promise<TableFlow[]> {
  const sourceRows = await countSourceRows(config);
  let lastReport = 0;
  return waitFor(
    async () => {
      const flows = await countTopicRecords(config, sourceRows);
      const rows = flows.reduce((n, f) => n + f.sourceRows, 0);
      const captured = flows.reduce((n, f) => n + Math.min(f.kafkaRecords, f.sourceRows), 0);
      if (flows.length > 0 && captured >= rows) return flows;
      if (Date.now() - lastReport > 2000) {
        lastReport = Date.now();
        report(`debezium snapshot: ${captured} of ${rows} rows on Kafka`);
      }
      return false;
    },
    { what: 'the Debezium snapshot of GlobalMart to reach Kafka', timeoutMs: 180_000, intervalMs: 500 },
  );
}

export function renderCdcSummary(config: StackConfig, flows: readonly TableFlow[]): string {
  return renderTable(
    ['SOURCE TABLE', 'ROWS IN MARIADB', 'RECORDS ON KAFKA', 'TOPIC'],
    flows.map((f) => [f.table, String(f.sourceRows), String(f.kafkaRecords), debeziumTopic(config, f.table)]),
  );
}
