import { TABLES } from '@lakestream/schemas';
import { registryUrls } from '@lakestream/stack';
import { poisonSchemaId, undecodableRecords } from '@lakestream/testkit';
import type { PipelineWorld } from './world';

/**
 * Malformed records on the world's raw topics while the source changes flow, about `perSecond` of
 * them each second, of every kind cdc-ingest can meet: bytes that are not JSON, JSON of no known
 * envelope, Avro with an id the registry never issued or bytes no schema reads, a row that breaks a
 * quality rule. Returns how many went to each raw topic once `signal` ends it.
 */
export async function injectPoison(world: PipelineWorld, perSecond: number, signal: AbortSignal) {
  const producer = world.kafka.producer();
  await producer.connect();
  const framed = undecodableRecords(await poisonSchemaId(registryUrls(world.stack).confluent)).map(
    (p) => p.value,
  );
  const kinds = (i: number): Buffer => {
    switch (i % 5) {
      case 0:
        return Buffer.from(`not json {${i}`);
      case 1:
        return Buffer.from(JSON.stringify({ hello: 'world', i }));
      case 2:
        return framed[2] as Buffer; // an unknown schema id
      case 3:
        return framed[3] as Buffer; // bytes the registered schema cannot read
      default:
        // A well-formed envelope whose row breaks the tenants format rule (QUALITY_FORMAT).
        return Buffer.from(
          JSON.stringify({
            before: null,
            after: {
              tenant_id: `BAD TENANT ${i}`,
              name: 'x',
              created_at: '2026-12-06T00:00:00Z',
              updated_at: '2026-12-06T00:00:00Z',
            },
            source: {
              db: world.database,
              table: 'tenants',
              file: 'binlog.000001',
              pos: i,
              row: 0,
              ts_ms: Date.now(),
              snapshot: null,
              server_id: 1,
            },
            op: 'c',
            ts_ms: Date.now(),
          }),
        );
    }
  };
  const sent = new Map<string, number>();
  let i = 0;
  try {
    while (!signal.aborted) {
      const batch = Math.max(1, Math.round(perSecond / 5));
      const messages = Array.from({ length: batch }, () => {
        const table = i % 5 === 4 ? 'tenants' : (TABLES[i % TABLES.length] as string);
        const topic = world.rawTopic(table);
        sent.set(topic, (sent.get(topic) ?? 0) + 1);
        return { topic, value: kinds(i++) };
      });
      const byTopic = new Map<string, { value: Buffer }[]>();
      for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), { value: m.value }]);
      await producer.sendBatch({
        topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
      });
      // The injection rate, not a synchronisation: a fifth of a second's share at a time.
      await new Promise<void>((resolve) => setTimeout(resolve, 200).unref());
    }
  } finally {
    await producer.disconnect();
  }
  return { total: i, sent };
}
