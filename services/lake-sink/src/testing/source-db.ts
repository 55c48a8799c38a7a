import { loadRowSchema, microsFromIso } from '@lakestream/schemas';
import { type StackConfig, sourceConnectionOptions } from '@lakestream/stack';
import { createConnection } from 'mysql2/promise';
import type { Row } from './harness';
import type { SourceMarket, SourceTable } from './source-workload';

/**
 * GlobalMart's MariaDB as a test writes to and reads from it. The session runs in UTC with dates and
 * big numbers as text, so rows read back convert to what cdc-ingest puts in a ChangeEvent.
 */
export async function sourceDb(stack: StackConfig) {
  const db = await createConnection({
    ...sourceConnectionOptions(stack),
    multipleStatements: true,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: 'Z',
  });
  await db.query("SET time_zone = '+00:00'");
  return {
    /** A seeded market that has warehouses, so a new tenant's rows look like the seed's. */
    async market(): Promise<SourceMarket> {
      const [rows] = (await db.query(
        'SELECT m.market_id, m.country_code, m.currency FROM markets m WHERE EXISTS (SELECT 1 FROM warehouses w WHERE w.market_id = m.market_id) ORDER BY m.market_id LIMIT 1',
      )) as unknown as [{ market_id: string; country_code: string; currency: string }[]];
      const row = rows[0];
      if (!row) throw new Error('the seed has no market with a warehouse');
      return { marketId: row.market_id, countryCode: row.country_code, currency: row.currency };
    },

    /** A tenant of the test's own, with one warehouse its orders ship from. */
    async createTenant(tenant: string, warehouseId: string, market: SourceMarket) {
      await db.query(
        'START TRANSACTION; INSERT INTO tenants (tenant_id, name) VALUES (?, ?); INSERT INTO warehouses (warehouse_id, tenant_id, market_id, name, address_line1, city, postal_code, country_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?); COMMIT',
        [
          tenant,
          `Chaos test ${tenant}`,
          warehouseId,
          tenant,
          market.marketId,
          'Chaos DC',
          '1 Test Way',
          'Testville',
          '10001',
          market.countryCode,
        ],
      );
    },

    /** One multi-statement transaction in one round trip. */
    run: (transaction: string) => db.query(transaction),

    /** The tenant's rows, each as cdc-ingest would carry it in a ChangeEvent's `after`. */
    async rowsOf(table: SourceTable, tenant: string): Promise<Row[]> {
      const [rows] = (await db.query(`SELECT * FROM ${table} WHERE tenant_id = ?`, [tenant])) as unknown as [
        Record<string, unknown>[],
      ];
      return rows.map((row) => asEventRow(table, row));
    },

    close: () => db.end(),
  };
}

/** The row's time columns by the table's row schema: epoch µs in a ChangeEvent, whatever unit stores them. */
function timeColumns(table: SourceTable): Set<string> {
  const isTime = (type: unknown): boolean =>
    Array.isArray(type)
      ? type.some(isTime)
      : typeof type === 'object' &&
        type !== null &&
        /timestamp-(millis|micros)$/.test(String((type as { logicalType?: unknown }).logicalType));
  return new Set(
    loadRowSchema(table)
      .fields.filter((f) => isTime(f.type))
      .map((f) => f.name),
  );
}

/**
 * Debezium gives DATETIME as the wall clock in epoch µs and TIMESTAMP as a UTC instant, which this
 * UTC session prints alike; both become epoch µs. DECIMAL and BIGINT stay text, which the lake
 * columns convert as they convert the decoded Avro values.
 */
function asEventRow(table: SourceTable, row: Record<string, unknown>): Row {
  const times = timeColumns(table);
  return Object.fromEntries(
    Object.entries(row).map(([name, value]) => [
      name,
      times.has(name) && typeof value === 'string' ? microsFromIso(value) : value,
    ]),
  );
}
