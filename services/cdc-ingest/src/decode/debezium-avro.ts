import { avroEnvelopeColumns, avroRecordColumns } from './avro-schema';
import type { ConvertContext } from './convert';
import { decodeEnvelope } from './debezium-envelope';
import { atBoundary, DecodeError } from './errors';
import { nonChange } from './non-change';
import { describe, isObj } from './read';
import { convertRow } from './rows';
import { classifyTopic, type DebeziumTopics } from './topics';
import type { CommonOptions, DecodeResult, RecordHeaders, Row } from './types';

/**
 * A Debezium record in Avro (Confluent wire format) after the registry client decoded it
 * (`schemaRegistry(...).decode(bytes)` from @lakestream/schemas: plain longs as bigint), plus the
 * writer schemas the record named (`GET /schemas/ids/<id>`), which carry the Connect metadata.
 */
export interface AvroRecord {
  readonly topic: string;
  /** The decoded key; null when the record has no key. */
  readonly key: unknown;
  /** The key's writer schema, as Avro JSON text or parsed. */
  readonly keySchema?: unknown;
  /** The decoded value; null, undefined or a zero-length Buffer for a tombstone. */
  readonly value: unknown;
  /** The value's writer schema, as Avro JSON text or parsed. Without it, columns are typed by hints only. */
  readonly valueSchema?: unknown;
  readonly headers?: RecordHeaders;
}

export type DebeziumAvroOptions = CommonOptions & DebeziumTopics;

/**
 * Debezium Avro: types come from the writer schema's `connect.name` / `connect.parameters`
 * (see avro-schema.ts). What avsc hands over, seen with Debezium 3.5 here: DECIMAL as a Buffer of
 * the unscaled value; a bare `long` as bigint but a long carrying Connect attributes (every
 * `io.debezium.time.Timestamp`) as a number, since the registry's bigint long replaces only bare
 * "long" references; BOOLEAN as int 0/1 (`connect.type: int16`, typed by the hints); JSON as string.
 */
export function decodeDebeziumAvro(record: AvroRecord, options: DebeziumAvroOptions): DecodeResult {
  return atBoundary(() => {
    const topic = classifyTopic(record.topic, options);
    if (topic.kind === 'ignored') return topic;
    const ctx: ConvertContext = { subMicrosecond: options.subMicrosecond ?? 'truncate', warnings: [] };
    const key = (table: string | null): Row | null => {
      if (record.key === null || record.key === undefined) return null;
      const hints = table === null ? undefined : options.tables?.[table]?.columns;
      const columns =
        record.keySchema === undefined
          ? undefined
          : avroRecordColumns(schemaJson(record.keySchema, 'key schema'), 'key schema');
      return convertRow(record.key, columns, hints, 'key', ctx);
    };

    const value = record.value;
    if (value === null || value === undefined || (Buffer.isBuffer(value) && value.length === 0)) {
      return { kind: 'tombstone', table: topic.table, key: key(topic.table) };
    }
    if (!isObj(value))
      throw new DecodeError(
        'DECODE_UNKNOWN_ENVELOPE',
        `value is ${describe(value)}, not a Debezium envelope`,
      );
    const ignored = nonChange(value);
    if (ignored) return ignored;
    if (value.op === undefined) {
      throw new DecodeError(
        'DECODE_UNKNOWN_ENVELOPE',
        'value has no op: not a Debezium change event envelope',
      );
    }
    const change = decodeEnvelope({
      payload: value,
      columns:
        record.valueSchema === undefined
          ? undefined
          : avroEnvelopeColumns(schemaJson(record.valueSchema, 'value schema'), 'value schema'),
      key,
      topicTable: topic.table,
      topicDatabase: topic.database,
      headers: record.headers,
      options,
    });
    return ctx.warnings.length ? { ...change, warnings: [...ctx.warnings, ...change.warnings] } : change;
  });
}

function schemaJson(schema: unknown, what: string): unknown {
  if (typeof schema !== 'string') return schema;
  try {
    return JSON.parse(schema);
  } catch {
    throw new DecodeError('DECODE_BAD_VALUE', `${what} is not JSON`);
  }
}
