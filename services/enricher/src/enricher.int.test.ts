import type { EnrichedEvent } from '@lakestream/schemas';
import { waitFor } from '@lakestream/stack';
import { loadEnrichConfig } from './config';
import {
  at,
  changeProducer,
  createTopics,
  plainKafka,
  registry,
  startEnrich,
  testEnrichEnv,
  topicReader,
} from './testing/harness';

type Row = Record<string, unknown>;
const tenant = 'acme';
const day = '2026-12-06';
const noon = `${day}T12:00:00Z`;
const days = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

const customer = {
  id: 501n,
  tenant_id: tenant,
  market_id: 'DE',
  first_name: 'Grete',
  last_name: 'Quellwasser',
  email: 'grete.quellwasser@example.org',
  phone: '+49 30 5550199',
  address_line1: 'Zauberflötenweg 17',
  address_line2: null,
  city: 'Berlin',
  postal_code: '10999',
  country_code: 'DE',
  segment: 'home_office',
  created_at: 1n,
  updated_at: 1n,
};
const RAW_PII = ['Grete', 'Quellwasser', 'grete.quellwasser', '5550199', 'Zauberflötenweg', '10999'];
const vendor = {
  id: 7n,
  tenant_id: tenant,
  name: 'Acme Devices',
  line_of_business: 'Technology',
  country_code: 'DE',
  contact_email: 'sales@acme-devices.example',
  phone: '+49 89 5550100',
  created_at: 1n,
  updated_at: 1n,
};
const product = (sku: string, cost: string) => ({
  sku,
  tenant_id: tenant,
  vendor_id: 7n,
  name: `Phone ${sku}`,
  category: 'Technology',
  subcategory: 'Phones',
  brand: 'Acme',
  list_price_usd: '500.00',
  unit_cost_usd: cost,
  attributes: '{}',
  active: true,
  created_at: 1n,
  updated_at: 1n,
});
const order = {
  id: 9001n,
  tenant_id: tenant,
  customer_id: 501n,
  market_id: 'DE',
  warehouse_id: 'ACME-WH-1',
  status: 'pending',
  currency: 'EUR',
  total_amount: '300.00',
  ordered_at: 1n,
  shipped_at: null,
  delivered_at: null,
  created_at: 1n,
  updated_at: 1n,
};
const line = (id: number, sku: string, unitPrice: string, quantity: number) => ({
  id: BigInt(id),
  tenant_id: tenant,
  order_id: 9001n,
  sku,
  quantity,
  unit_price: unitPrice,
  discount_amount: '0.00',
  line_amount: (Number(unitPrice) * quantity).toFixed(2),
  created_at: 1n,
  updated_at: 1n,
});

// Three starts of the service and a whole replay: a minute on a quiet machine, three on a loaded one.
jest.setTimeout(6 * 60_000);

/**
 * The enricher on the real stack, fed ChangeEvents as cdc-ingest writes them: reference data, then an
 * order and its lines, one of them for a product that arrives late. Then a restart from the state
 * folder, and a replay of the whole input range by the same group.
 */
describe('the enricher on the real stack', () => {
  it('enriches, pseudonymises, re-emits late lines once, restarts without duplicates and replays identically', async () => {
    const env = testEnrichEnv({ ENRICH_LATE_WINDOW_SECONDS: '600' });
    const config = loadEnrichConfig(env);
    let service: Awaited<ReturnType<typeof startEnrich>>['service'] | undefined;
    await createTopics(config);
    const enriched = (t: string) => `${config.ENRICHED_TOPIC_PREFIX}${t}`;
    const reader = await topicReader([
      enriched('order_items'),
      enriched('orders'),
      enriched('customers'),
      enriched('vendors'),
    ]);
    const producer = changeProducer(config);
    const decoded = async (topic: string) =>
      Promise.all(
        reader.seen
          .filter((m) => m.topic === topic)
          .map(async (m) => (await registry.decode(m.value as Buffer)) as EnrichedEvent<Row>),
      );
    try {
      ({ service } = await startEnrich(env));
      await producer.send('markets', [
        at(
          'markets',
          'r',
          'DE',
          {
            market_id: 'DE',
            country_code: 'DE',
            region: 'Europe',
            name: 'Germany',
            currency: 'EUR',
            tax_rate: '19.000',
            created_at: 1n,
            updated_at: 1n,
          },
          10,
          noon,
        ),
      ]);
      await producer.send('fx_rates', [
        at(
          'fx_rates',
          'r',
          `EUR|${days('2026-12-05')}`,
          {
            currency: 'EUR',
            rate_date: days('2026-12-05'),
            rate_to_usd: '1.10000000',
            created_at: 1n,
            updated_at: 1n,
          },
          11,
          noon,
        ),
        at(
          'fx_rates',
          'r',
          `EUR|${days(day)}`,
          {
            currency: 'EUR',
            rate_date: days(day),
            rate_to_usd: '1.20000000',
            created_at: 1n,
            updated_at: 1n,
          },
          12,
          noon,
        ),
      ]);
      await producer.send('customers', [at('customers', 'c', '501', customer, 20, noon)]);
      await producer.send('vendors', [at('vendors', 'c', '7', vendor, 21, noon)]);
      await producer.send('products', [
        at('products', 'c', 'SKU-ON-TIME', product('SKU-ON-TIME', '80.00'), 22, noon),
      ]);
      await producer.send('orders', [at('orders', 'c', '9001', order, 30, noon)]);
      // The order must be in the state before its lines come, or they would (rightly) wait for it too.
      await waitFor(() => service?.store.at('orders', '9001', 'b:9') !== undefined, {
        what: 'the order in the state',
        timeoutMs: 60_000,
      });

      // A line for a product whose change has not reached the enricher yet (committed before the line, at 25).
      await producer.send('order_items', [
        at('order_items', 'c', '1', line(1, 'SKU-ON-TIME', '100.00', 2), 31, noon),
        at('order_items', 'c', '2', line(2, 'SKU-LATE', '50.00', 2), 32, noon),
      ]);
      await waitFor(async () => (await decoded(enriched('order_items'))).length >= 2, {
        what: 'two enriched lines',
        timeoutMs: 60_000,
      });
      const first = await decoded(enriched('order_items'));
      const onTime = first.find((e) => e.key === '1');
      expect(onTime?.enrichment).toEqual({ status: 'complete', missing: [], revision: 0, piiKeyId: null });
      expect(onTime?.after).toMatchObject({
        currency: 'EUR',
        category: 'Technology',
        line_of_business: 'Technology',
        vendor_id: 7n,
        fx_rate_to_usd: '1.20000000',
        line_amount_usd: '240.0000000000',
        unit_cost_usd: '80.00',
        margin_usd: '80.0000000000',
      });
      const late = first.find((e) => e.key === '2');
      expect(late?.enrichment).toEqual({
        status: 'partial',
        missing: ['products:SKU-LATE'],
        revision: 0,
        piiKeyId: null,
      });
      expect(late?.after).toMatchObject({
        category: null,
        line_amount_usd: '120.0000000000',
        margin_usd: null,
      });

      await producer.send('products', [
        at('products', 'c', 'SKU-LATE', product('SKU-LATE', '30.00'), 25, noon),
      ]);
      await waitFor(async () => (await decoded(enriched('order_items'))).length >= 3, {
        what: 'the late line again',
        timeoutMs: 60_000,
      });
      const again = (await decoded(enriched('order_items')))[2];
      expect(again?.key).toBe('2');
      expect(again?.sourcePosition.ordinal).toBe(late?.sourcePosition.ordinal);
      expect(again?.enrichment).toEqual({ status: 'complete', missing: [], revision: 1, piiKeyId: null });
      expect(again?.after).toMatchObject({ category: 'Technology', margin_usd: '60.0000000000' });

      // The order: its customer's market and segment, its total in USD.
      await waitFor(async () => (await decoded(enriched('orders'))).length >= 1, {
        what: 'the enriched order',
        timeoutMs: 60_000,
      });
      expect((await decoded(enriched('orders')))[0]?.after).toMatchObject({
        market_region: 'Europe',
        customer_segment: 'home_office',
        total_amount_usd: '360.0000000000',
      });

      // Restart from the state folder: a new line is enriched once, nothing before it again.
      await service.stop();
      await producer.send('order_items', [
        at('order_items', 'c', '3', line(3, 'SKU-LATE', '10.00', 1), 40, noon),
      ]);
      ({ service } = await startEnrich(env));
      await waitFor(async () => (await decoded(enriched('order_items'))).length >= 4, {
        what: 'the line after the restart',
        timeoutMs: 60_000,
      });
      const afterRestart = await decoded(enriched('order_items'));
      expect(afterRestart.map((e) => [e.key, e.enrichment.revision, e.enrichment.status])).toEqual([
        ['1', 0, 'complete'],
        ['2', 0, 'partial'],
        ['2', 1, 'complete'],
        ['3', 0, 'complete'],
      ]);

      // Replay: the same group from the earliest offsets of every input topic.
      await service.stop();
      const before = new Map(
        [...new Set(reader.seen.map((m) => m.topic))].map((t) => [
          t,
          reader.seen.filter((m) => m.topic === t).map((m) => (m.value as Buffer).toString('hex')),
        ]),
      );
      const admin = plainKafka.admin();
      await admin.connect();
      for (const t of [
        ...config.ENTITIES.map((e) => `${config.CHANGES_TOPIC_PREFIX}${e}`),
        config.PENDING_TOPIC,
      ]) {
        await admin.resetOffsets({ groupId: config.GROUP_ID, topic: t, earliest: true });
      }
      await admin.disconnect();
      ({ service } = await startEnrich(env));
      await waitFor(
        () =>
          [...before].every(
            ([t, values]) => reader.seen.filter((m) => m.topic === t).length >= 2 * values.length,
          ),
        { what: 'the replayed range on every enriched topic', timeoutMs: 120_000 },
      ).catch((error: Error) => {
        const counts = [...before].map(
          ([t, values]) =>
            `${t}: ${reader.seen.filter((m) => m.topic === t).length - values.length} of ${values.length}`,
        );
        throw new Error(`${error.message}; replayed so far: ${counts.join(', ')}`);
      });
      for (const [t, values] of before) {
        const replayed = reader.seen
          .filter((m) => m.topic === t)
          .slice(values.length)
          .map((m) => (m.value as Buffer).toString('hex'));
        expect({ topic: t, replayed: [...replayed].sort() }).toEqual({
          topic: t,
          replayed: [...values].sort(),
        });
      }

      // No raw PII in any enriched record; the customer's PII columns are tokens of the configured key.
      const everything = reader.seen.map(
        (m) => (m.value as Buffer).toString('latin1') + (m.value as Buffer).toString('utf8'),
      );
      for (const raw of RAW_PII) expect(everything.filter((text) => text.includes(raw))).toEqual([]);
      const [enrichedCustomer] = await decoded(enriched('customers'));
      expect(enrichedCustomer?.enrichment.piiKeyId).toBe('test-k1');
      expect(enrichedCustomer?.after).toMatchObject({
        city: 'Berlin',
        segment: 'home_office',
        address_line2: null,
      });
      expect(String(enrichedCustomer?.after?.email)).toMatch(/^test-k1:[A-Za-z0-9_-]{43}$/);
      const [enrichedVendor] = await decoded(enriched('vendors'));
      expect(String(enrichedVendor?.after?.contact_email)).toMatch(/^test-k1:/);
    } finally {
      await service?.stop().catch(() => undefined);
      await producer.close();
      await reader.stop();
    }
  });
});
