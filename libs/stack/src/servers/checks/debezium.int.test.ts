import { randomBytes } from 'node:crypto';
import { schemaRegistry } from '@lakestream/schemas';
import { Kafka, logLevel } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { loadStackConfig } from '../../config';
import { uniqueName } from '../../names';
import { waitFor } from '../../wait';
import { debeziumTopic } from '../parts/connect';
import { registryUrls } from '../parts/registry';

const config = loadStackConfig();

interface MarketRow {
  market_id: string;
  name: string;
  currency: string;
}
interface Envelope {
  op: 'c' | 'u' | 'd' | 'r';
  before: MarketRow | null;
  after: MarketRow | null;
  source: { db: string; table: string; ts_ms: bigint };
}

describe('MariaDB → Debezium → Kafka', () => {
  it('carries an insert, an update and a delete of one row, in order, then a tombstone', async () => {
    const marketId = `T${randomBytes(3).toString('hex').toUpperCase()}`;
    const db = await createConnection({
      host: config.host,
      port: config.ports.mariadb,
      user: config.mariadb.user,
      password: config.mariadb.password,
      database: config.mariadb.database,
    });
    try {
      await db.execute(
        "INSERT INTO markets (market_id, country_code, region, name, currency, tax_rate) VALUES (?, 'ZZ', 'Europe', 'Check Land', 'EUR', 20.000)",
        [marketId],
      );
      await db.execute("UPDATE markets SET name = 'Check Land Renamed' WHERE market_id = ?", [marketId]);
      await db.execute('DELETE FROM markets WHERE market_id = ?', [marketId]);
    } finally {
      await db.end();
    }

    const registry = schemaRegistry(registryUrls(config).confluent);
    const events: (Envelope | null)[] = [];
    const consumer = new Kafka({
      clientId: 'debezium-check',
      brokers: [`${config.host}:${config.ports.kafka}`],
      logLevel: logLevel.NOTHING,
    }).consumer({ groupId: uniqueName('debezium-check') });
    await consumer.connect();
    await consumer.subscribe({ topic: debeziumTopic(config, 'markets'), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.key) return;
        const key = (await registry.decode(message.key)) as { market_id: string };
        if (key.market_id !== marketId) return;
        // Tombstones arrive as a null or empty value.
        events.push(
          message.value && message.value.length > 0
            ? ((await registry.decode(message.value)) as Envelope)
            : null,
        );
      },
    });
    try {
      await waitFor(() => events.length >= 4, {
        what: 'the three changes and the tombstone',
        timeoutMs: 60_000,
      });
    } finally {
      await consumer.disconnect();
    }

    expect(events.map((e) => e?.op ?? 'tombstone')).toEqual(['c', 'u', 'd', 'tombstone']);
    const [created, updated, deleted] = events as Envelope[];
    expect(created?.before).toBeNull();
    expect(created?.after).toMatchObject({ market_id: marketId, name: 'Check Land', currency: 'EUR' });
    expect(updated?.before).toMatchObject({ name: 'Check Land' });
    expect(updated?.after).toMatchObject({ name: 'Check Land Renamed' });
    expect(deleted?.before).toMatchObject({ market_id: marketId, name: 'Check Land Renamed' });
    expect(deleted?.after).toBeNull();
    expect(created?.source).toMatchObject({ db: 'globalmart', table: 'markets' });
    expect(typeof created?.source.ts_ms).toBe('bigint');
  });
});
