import { randomBytes } from 'node:crypto';
import { dlqHeader } from '@lakestream/kafka';
import { compareOrdinals, millisFromMicros, schemaRegistry } from '@lakestream/schemas';
import { loadStackConfig, uniqueName } from '@lakestream/stack';
import type { KafkaMessage } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { collect, headerText, plainKafka, registryUrl, startIngest, testIngestEnv } from './testing/harness';
import { productKey, productUpdate, withAddedColumn, withVendorIdAsText } from './testing/product-changes';

const stack = loadStackConfig();
const registry = schemaRegistry(registryUrl);
const source = () =>
  createConnection({
    host: stack.host,
    port: stack.ports.mariadb,
    user: stack.mariadb.user,
    password: stack.mariadb.password,
    database: stack.mariadb.database,
  });

interface Event {
  op: string;
  key: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  sourcePosition: { ordinal: string; snapshot: boolean };
  committedAt: bigint;
  tenantId: string | null;
  schemaVersion: number;
}

describe('cdc-ingest on the real stack', () => {
  it('turns MariaDB inserts, updates and deletes into ChangeEvents, in order per key', async () => {
    const env = testIngestEnv();
    const { service, config } = await startIngest(env);
    const marketId = `T${randomBytes(3).toString('hex').toUpperCase()}`;
    const db = await source();
    try {
      await db.execute(
        "INSERT INTO markets (market_id, country_code, region, name, currency, tax_rate) VALUES (?, 'DE', 'Europe', 'One', 'EUR', 19.000)",
        [marketId],
      );
      await db.execute("UPDATE markets SET name = 'Two' WHERE market_id = ?", [marketId]);
      await db.execute("UPDATE markets SET name = 'Three', tax_rate = 7.5 WHERE market_id = ?", [marketId]);
      await db.execute('DELETE FROM markets WHERE market_id = ?', [marketId]);
    } finally {
      await db.end();
    }
    const topic = `${config.CHANGES_TOPIC_PREFIX}markets`;
    const mine = (messages: KafkaMessage[]) => messages.filter((m) => m.key?.toString() === marketId);
    try {
      const messages = await collect(topic, (all) => mine(all).length >= 4, 'four changes of the new market');
      const events = await Promise.all(
        mine(messages).map(async (m) => (await registry.decode(m.value as Buffer)) as Event),
      );
      expect(events.map((e) => e.op)).toEqual(['c', 'u', 'u', 'd']);
      expect(events.map((e) => e.after?.name ?? null)).toEqual(['One', 'Two', 'Three', null]);
      expect(events[2]?.after).toMatchObject({ market_id: marketId, tax_rate: '7.500', currency: 'EUR' });
      expect(events[3]?.before).toMatchObject({ market_id: marketId, name: 'Three' });
      expect(
        events.every((e) => e.key === marketId && e.tenantId === null && !e.sourcePosition.snapshot),
      ).toBe(true);
      const ordinals = events.map((e) => e.sourcePosition.ordinal);
      for (let i = 1; i < ordinals.length; i++)
        expect(compareOrdinals(ordinals[i - 1] ?? '', ordinals[i] ?? '')).toBe(-1);
      expect(Math.abs(millisFromMicros(events[0]?.committedAt ?? 0n) - Date.now())).toBeLessThan(120_000);
    } finally {
      await service.stop();
    }
  });

  it('carries a column added at the source as a new field of a newly registered schema version', async () => {
    const env = testIngestEnv();
    const { service, config } = await startIngest(env);
    const column = `dock_doors_${randomBytes(2).toString('hex')}`;
    const db = await source();
    try {
      const [rows] = (await db.query(
        'SELECT warehouse_id FROM warehouses ORDER BY warehouse_id LIMIT 1',
      )) as unknown as [{ warehouse_id: string }[]];
      const warehouseId = rows[0]?.warehouse_id ?? '';
      await db.query(`ALTER TABLE warehouses ADD COLUMN ${column} INT NULL`);
      try {
        await db.execute(`UPDATE warehouses SET ${column} = 7 WHERE warehouse_id = ?`, [warehouseId]);
        const topic = `${config.CHANGES_TOPIC_PREFIX}warehouses`;
        let found: Event | undefined;
        await collect(
          topic,
          async (all) => {
            for (const m of all) {
              if (m.key?.toString() !== warehouseId) continue;
              const event = (await registry.decode(m.value as Buffer)) as Event;
              if (event.after?.[column] === 7) found = event;
            }
            return found !== undefined;
          },
          `an update carrying ${column}`,
        );
        expect(found?.op).toBe('u');
        expect(found?.before?.[column]).toBeNull();
        expect(found?.schemaVersion).toBeGreaterThanOrEqual(2);
        const latest = await fetch(`${registryUrl}/subjects/${topic}-value/versions/latest`).then((r) =>
          r.json(),
        );
        expect((latest as { schema: string }).schema).toContain(column);
      } finally {
        await db.query(`ALTER TABLE warehouses DROP COLUMN ${column}`);
      }
    } finally {
      await db.end();
      await service.stop();
    }
  });

  it('registers no ChangeEvent schema version for a record it refuses, even one with an added column', async () => {
    const prefix = uniqueName('raw').replace(/-/g, '_');
    const rawTopic = `${prefix}.globalmart.products`;
    const admin = plainKafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: rawTopic, numPartitions: 1 }] });
    await admin.disconnect();
    const producer = plainKafka.producer();
    await producer.connect();
    const send = (value: string) =>
      producer.send({ topic: rawTopic, messages: [{ key: productKey, value }] });

    const { service, config } = await startIngest(
      testIngestEnv({
        SOURCE_TOPIC_PATTERN: `^${prefix}\\.globalmart\\.[a-z_]+$`,
        DEBEZIUM_TOPIC_PREFIX: prefix,
      }),
    );
    const topic = `${config.CHANGES_TOPIC_PREFIX}products`;
    const versions = async () => {
      const response = await fetch(
        `${registryUrl}/subjects/${encodeURIComponent(`${topic}-value`)}/versions`,
      );
      return response.status === 404 ? [] : ((await response.json()) as number[]);
    };
    try {
      await send(productUpdate);
      await collect(topic, (all) => all.length >= 1, 'the first change');
      expect(await versions()).toEqual([1]);

      // The source added gift_wrap and turned vendor_id into text: refused, and nothing registered.
      await send(withVendorIdAsText(withAddedColumn(productUpdate)));
      const dead = await collect(config.DLQ_TOPIC, (all) => all.length >= 1, 'the refused record');
      expect(headerText(dead[0] as KafkaMessage, dlqHeader.code)).toBe('SCHEMA_MISMATCH');
      expect(await versions()).toEqual([1]);

      // The added column with a value that fits is carried, under a newly registered version.
      await send(withAddedColumn(productUpdate));
      const changes = await collect(topic, (all) => all.length >= 2, 'the change with gift_wrap');
      const event = (await registry.decode(changes[1]?.value as Buffer)) as Event;
      expect(event.after?.gift_wrap).toBe(true);
      expect(event.schemaVersion).toBe(2);
      expect(await versions()).toEqual([1, 2]);
    } finally {
      await producer.disconnect();
      await service.stop();
    }
  });
});
