import { connectEnvelopeColumns, connectStructColumns } from './connect-schema';
import type { ConvertContext } from './convert';
import { decodeEnvelope } from './debezium-envelope';
import { atBoundary, DecodeError } from './errors';
import { parseJson } from './json';
import { nonChange } from './non-change';
import { describe, isObj } from './read';
import { convertRow } from './rows';
import { classifyTopic, type DebeziumTopics } from './topics';
import type { ColumnHints, ColumnType, CommonOptions, DecodeResult, RawRecord, Row } from './types';

export interface DebeziumJsonOptions extends CommonOptions, DebeziumTopics {
  /**
   * Schemaless records only: how a DECIMAL column's string value is read. JsonConverter's default
   * `decimal.format=BASE64` writes the unscaled bytes as base64 ('base64', the default);
   * `decimal.handling.mode=string` writes the decimal text ('text').
   */
  readonly decimalStrings?: 'base64' | 'text';
}

/**
 * Debezium JSON (Kafka Connect JsonConverter), either form:
 * - `schemas.enable=true`: `{"schema": {...}, "payload": {before, after, source, op, ...}}`; column
 *   types come from the embedded schema (and the hints refine BOOLEAN, JSON);
 * - `schemas.enable=false`, or a `"schema": null` wrapper: the payload alone; column types come only
 *   from the table's hints
 *   (`options.tables[table].columns`, see `hintsFromRowSchema`). Columns without a hint are passed
 *   through with safe conversions only: integers → number (bigint beyond 2^53), other numbers → their
 *   exact text, so a BIGINT below 2^53 stays a number and a DATETIME stays a raw count without hints.
 *   Schemaless DATETIME(4–6) needs a hint with unit 'us': nothing in the record says µs.
 * A schema declares each value's JSON type: a value of another type is refused (DECODE_TYPE_MISMATCH),
 * never coerced. Tombstones (null, empty, `{"schema":null,"payload":null}`, `null`) → Tombstone.
 */
export function decodeDebeziumJson(record: RawRecord, options: DebeziumJsonOptions): DecodeResult {
  return atBoundary(() => {
    const topic = classifyTopic(record.topic, options);
    if (topic.kind === 'ignored') return topic;
    const ctx: ConvertContext = { subMicrosecond: options.subMicrosecond ?? 'truncate', warnings: [] };
    const schemaless = withSchemalessDecimals(options);
    const key = (table: string | null) =>
      decodeJsonKey(record.key, hintsFor(table, options), hintsFor(table, schemaless), ctx);

    const value = parseJson(record.value, 'value');
    const wrapped = isEnvelope(value);
    const payload = wrapped ? value.payload : value;
    // JsonConverter with schemas.enable writes `"schema": null` for a value that had no schema: its
    // payload is read like schemaless JSON, typed by the hints.
    const schema = wrapped ? value.schema : null;
    if (payload === undefined || payload === null)
      return { kind: 'tombstone', table: topic.table, key: key(topic.table) };
    if (!isObj(payload)) {
      throw new DecodeError(
        'DECODE_UNKNOWN_ENVELOPE',
        `value is ${describe(payload)}, not a Debezium envelope`,
      );
    }
    const ignored = nonChange(payload);
    if (ignored) return ignored;
    if (payload.op === undefined) {
      throw new DecodeError(
        'DECODE_UNKNOWN_ENVELOPE',
        'value has no op: not a Debezium change event envelope',
      );
    }
    const change = decodeEnvelope({
      payload,
      columns: schema === null ? undefined : connectEnvelopeColumns(schema, 'schema'),
      key,
      topicTable: topic.table,
      topicDatabase: topic.database,
      headers: record.headers,
      options: schema === null ? schemaless : options,
    });
    return ctx.warnings.length ? { ...change, warnings: [...ctx.warnings, ...change.warnings] } : change;
  });
}

function hintsFor(table: string | null, options: CommonOptions): ColumnHints | undefined {
  return table === null ? undefined : options.tables?.[table]?.columns;
}

/** The key: `{"schema": …, "payload": {"id": 42}}` or `{"id": 42}`; null or empty when absent. */
function decodeJsonKey(
  bytes: RawRecord['key'],
  hints: ColumnHints | undefined,
  schemalessHints: ColumnHints | undefined,
  ctx: ConvertContext,
): Row | null {
  const key = parseJson(bytes, 'key');
  if (key === undefined || key === null) return null;
  if (isEnvelope(key)) {
    if (key.payload === null) return null;
    if (key.schema === null) return convertRow(key.payload, undefined, schemalessHints, 'key', ctx);
    return convertRow(key.payload, connectStructColumns(key.schema, 'key.schema'), hints, 'key', ctx);
  }
  return convertRow(key, undefined, schemalessHints, 'key', ctx);
}

/** JsonConverter's `{"schema": …, "payload": …}` wrapper (schemas.enable=true), the schema maybe null. */
function isEnvelope(value: unknown): value is { schema: unknown; payload: unknown } {
  return isObj(value) && 'payload' in value && 'schema' in value;
}

/** Schemaless decimals: the hint's string reading follows `decimalStrings` (default base64). */
function withSchemalessDecimals(options: DebeziumJsonOptions): DebeziumJsonOptions {
  const strings = options.decimalStrings ?? 'base64';
  if (!options.tables) return options;
  const tables = Object.fromEntries(
    Object.entries(options.tables).map(([name, spec]) => {
      if (!spec.columns) return [name, spec];
      const columns: Record<string, ColumnType> = {};
      for (const [col, type] of Object.entries(spec.columns)) {
        columns[col] = type.kind === 'decimal' ? { ...type, strings } : type;
      }
      return [name, { ...spec, columns }];
    }),
  );
  return { ...options, tables };
}
