import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { groupCaughtUp } from '@lakestream/kafka';
import { type EnrichedEvent, loadChangeEventSchema } from '@lakestream/schemas';
import { waitFor } from '@lakestream/stack';
import {
  freePort,
  readDeadLetters,
  scrapeMetric,
  spawnService,
  undecodableRecords,
} from '@lakestream/testkit';
import { loadEnrichConfig } from './config';
import { at, createTopics, plainKafka, registry, testEnrichEnv, topicReader } from './testing/harness';

type Row = Record<string, unknown>;

const item = (id: number, tenant: string) => ({
  id: BigInt(id),
  tenant_id: tenant,
  order_id: 1n,
  sku: 'SKU-1',
  quantity: 1,
  unit_price: '1.00',
  discount_amount: '0.00',
  line_amount: '1.00',
  created_at: 1n,
  updated_at: 1n,
});

/**
 * The enricher as its own process (as it runs in production) meets poison between good changes:
 * records no one can decode, an event whose tenant is not its row's, an update without a row, an event
 * of another table on the topic, a ledger record that is not one. The good ones are enriched, the
 * poison is in the DLQ with its reason (stage enrich), the process never restarts, and the group's lag
 * returns to zero.
 */
describe('the enricher never stops on one record', () => {
  it('dead-letters each poison record with its reason and moves on', async () => {
    const env = testEnrichEnv();
    const config = loadEnrichConfig(env);
    await createTopics(config);
    const topic = `${config.CHANGES_TOPIC_PREFIX}order_items`;
    const { id: schemaId } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(loadChangeEventSchema('order_items')) },
      { subject: `${topic}-value` },
    );
    const encode = async (event: ReturnType<typeof at>) => ({
      key: event.key,
      value: await registry.encode(schemaId, event),
    });
    const when = '2026-12-06T12:00:00Z';
    const poison = undecodableRecords(schemaId);
    const otherTenant = at('order_items', 'c', '3', item(3, 'acme'), 3, when);
    otherTenant.tenantId = 'hooli';
    const noImage = at('order_items', 'u', '4', item(4, 'acme'), 4, when);
    noImage.after = null;
    const wrongTable = at('order_items', 'c', '5', item(5, 'acme'), 5, when);
    wrongTable.table = 'orders';
    const producer = plainKafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [
        await encode(at('order_items', 'c', '1', item(1, 'acme'), 1, when)),
        ...poison.map(({ value }, i) => ({ key: `POISON-${i}`, value })),
        await encode(otherTenant),
        await encode(noImage),
        await encode(wrongTable),
        await encode(at('order_items', 'c', '2', item(2, 'acme'), 2, when)),
      ],
    });
    await producer.send({
      topic: config.PENDING_TOPIC,
      acks: -1,
      messages: [{ key: 'c|x', value: 'not json' }],
    });
    await producer.disconnect();

    const port = await freePort();
    const logFile = join(mkdtempSync(join(tmpdir(), 'enrich-poison-')), 'enricher.log');
    const enricher = spawnService(
      'services/enricher/dist/main.js',
      { ...env, HTTP_PORT: String(port) },
      logFile,
    );
    const explain = () => readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    const reader = await topicReader([`${config.ENRICHED_TOPIC_PREFIX}order_items`]);
    const admin = plainKafka.admin();
    await admin.connect();
    try {
      await waitFor(() => reader.seen.length >= 2, {
        what: `the changes around the poison to be enriched (log:\n${explain()})`,
        timeoutMs: 90_000,
      });
      const keys = await Promise.all(
        reader.seen.map(async (m) => ((await registry.decode(m.value as Buffer)) as EnrichedEvent<Row>).key),
      );
      expect(keys).toEqual(['1', '2']);
      await waitFor(() => groupCaughtUp(admin, config.GROUP_ID, [topic, config.PENDING_TOPIC]), {
        what: 'the group to commit past every record',
        timeoutMs: 60_000,
      });
      const expected = [
        ...poison.map((p) => p.code),
        'ENRICH_NOT_A_CHANGE',
        'ENRICH_NOT_A_CHANGE',
        'ENRICH_NOT_A_CHANGE',
        'ENRICH_BAD_PENDING',
      ];
      const dead = await readDeadLetters(plainKafka, config.DLQ_TOPIC, expected.length);
      expect(dead.map((d) => d.code).sort()).toEqual(expected.sort());
      expect(dead.every((d) => d.stage === 'enrich' && (d.reason ?? '').length > 0)).toBe(true);
      const reasons = dead.map((d) => d.reason).join('\n');
      expect(reasons).toMatch(/tenantId "hooli" is not the row's tenant_id "acme"/);
      expect(reasons).toMatch(/op u without a row image/);
      expect(reasons).toMatch(/a orders event on the order_items topic/);
      expect(await scrapeMetric(port, 'lakestream_dead_letters_total', { stage: 'enrich' })).toBe(
        expected.length,
      );
      expect(await scrapeMetric(port, 'lakestream_consumer_lag', { topic })).toBe(0);
      expect(enricher.exitedOnItsOwn()).toBeUndefined();
    } finally {
      await admin.disconnect();
      await reader.stop();
      await enricher.stop('SIGTERM');
    }
    expect(enricher.exitedOnItsOwn()).toBeUndefined();
  });
});
