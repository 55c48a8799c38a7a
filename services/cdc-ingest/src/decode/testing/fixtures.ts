import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AvroRecord } from '../debezium-avro';
import type { RawRecord } from '../types';

/** services/cdc-ingest/test-fixtures, from src/decode/testing or dist/decode/testing alike. */
export const fixturesDir = join(__dirname, '..', '..', '..', 'test-fixtures');

/** A fixture file's exact bytes, as Kafka would carry them (numbers never pass through JSON.parse). */
export function fixtureBytes(path: string): Buffer {
  return readFileSync(join(fixturesDir, path));
}

/** Revives the capture script's markers: {"$bigint": "…"} → bigint, {"$bytes": "<base64>"} → Buffer. */
export function revive(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.$bigint === 'string') return BigInt(o.$bigint);
      if (typeof o.$bytes === 'string') return Buffer.from(o.$bytes, 'base64');
    }
    return v;
  });
}

interface CapturedPart {
  readonly schemaId: number;
  readonly decoded: unknown;
}

interface Captured {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly headers: Record<string, string>;
  readonly key: CapturedPart | null;
  readonly value: CapturedPart | { readonly empty: true } | null;
}

function writerSchema(id: number): unknown {
  return JSON.parse(readFileSync(join(fixturesDir, 'debezium-avro', 'schemas', `${id}.json`), 'utf8'));
}

/** A record captured from Debezium 3.5 on the local stack (test-fixtures/debezium-avro). */
export function avroFixture(
  name: string,
): AvroRecord & { readonly offset: string; readonly partition: number } {
  const c = revive(readFileSync(join(fixturesDir, 'debezium-avro', name), 'utf8')) as Captured;
  const value = c.value === null ? null : 'empty' in c.value ? Buffer.alloc(0) : c.value.decoded;
  return {
    topic: c.topic,
    partition: c.partition,
    offset: c.offset,
    headers: c.headers,
    key: c.key?.decoded ?? null,
    ...(c.key ? { keySchema: writerSchema(c.key.schemaId) } : {}),
    value,
    ...(c.value && 'schemaId' in c.value ? { valueSchema: writerSchema(c.value.schemaId) } : {}),
  };
}

/** A Debezium JSON record from test-fixtures/debezium-json/<name>.key.json and .value.json. */
export function jsonFixture(topic: string, name: string, withKey = true): RawRecord {
  return {
    topic,
    key: withKey ? fixtureBytes(`debezium-json/${name}.key.json`) : null,
    value: fixtureBytes(`debezium-json/${name}.value.json`),
  };
}

/** A DMS message from test-fixtures/dms/<name>.json. */
export function dmsFixture(name: string, topic = 'dms.globalmart'): RawRecord {
  return { topic, key: null, value: fixtureBytes(`dms/${name}.json`) };
}
