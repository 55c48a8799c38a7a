import type { IncomingRecord, OutgoingRecord } from '@lakestream/kafka';
import { deadLetter, type Failure } from '@lakestream/kafka';
import {
  canonicalKey,
  checkRow,
  isConfluentFramed,
  isTable,
  type KeyValues,
  loadRowSchema,
  type RecordDecoder,
  TABLES,
  type Table,
  tenantColumn,
  UndecodableRecord,
} from '@lakestream/schemas';
import type { changeEventWriter } from './change-events';
import {
  type DecodeResult,
  decodeDebeziumAvro,
  decodeDebeziumJson,
  decodeDmsJson,
  type TableSpec,
  tableSpecFromRowSchema,
} from './decode';
import type { IngestMetrics } from './metrics';

export interface IngestTransformDeps {
  /** Decodes Confluent-framed Avro by the registry (writer schemas keep Debezium's `connect.*` attributes). */
  decoder: RecordDecoder;
  writer: ReturnType<typeof changeEventWriter>;
  metrics: IngestMetrics;
  changesTopic: (table: Table) => string;
  dlqTopic: string;
  /** Debezium's `topic.prefix`: its bare name is the schema-change topic. */
  topicPrefix: string;
  /** `auto` tells DMS from Debezium by the DMS metadata block; JSON only (DMS writes no Avro here). */
  sourceFormat: 'auto' | 'debezium' | 'dms';
  now?: () => number;
}

/** Column hints and primary keys from the entity schemas, for formats that carry no types or keys. */
const tableSpecs: Readonly<Record<string, TableSpec>> = Object.fromEntries(
  TABLES.map((table) => [table, tableSpecFromRowSchema(loadRowSchema(table))]),
);

const looksLikeDms = (bytes: Buffer | null) => bytes?.includes('"record-type"') === true;

/**
 * One raw CDC record → its ChangeEvent, or the record itself on the dead-letter topic with the
 * reason. Bad input never throws (a poison record must not stop the consumer); only an outage of
 * the registry does, which aborts the batch so it is consumed again.
 */
export function ingestTransform(deps: IngestTransformDeps) {
  const now = deps.now ?? Date.now;
  const options = { topicPrefix: deps.topicPrefix, tables: tableSpecs };

  // A bare key or value that is not framed stays as it is: a Debezium tombstone has an Avro key and
  // no value. Bytes that do not match their schema throw UndecodableRecord: a dead letter, not a retry.
  const decodeAvro = async (bytes: Buffer | null): Promise<[unknown, unknown]> => {
    if (!isConfluentFramed(bytes)) return [bytes, undefined];
    const decoded = await deps.decoder.decode(bytes);
    return [decoded.value, decoded.writer.json];
  };

  const decode = async ({ message, topic }: IncomingRecord): Promise<DecodeResult> => {
    const raw = { topic, key: message.key, value: message.value, headers: message.headers };
    if (isConfluentFramed(message.value) || isConfluentFramed(message.key)) {
      const [key, keySchema] = await decodeAvro(message.key);
      const [value, valueSchema] = await decodeAvro(message.value);
      return decodeDebeziumAvro(
        { topic, key, keySchema, value, valueSchema, headers: message.headers },
        options,
      );
    }
    const dms = deps.sourceFormat === 'dms' || (deps.sourceFormat === 'auto' && looksLikeDms(message.value));
    return dms ? decodeDmsJson(raw, options) : decodeDebeziumJson(raw, options);
  };

  return async (record: IncomingRecord): Promise<OutgoingRecord[]> => {
    const started = performance.now();
    deps.metrics.recordsIn.inc({ topic: record.topic });
    const fail = (failure: Failure): OutgoingRecord[] => {
      deps.metrics.deadLettered.inc({
        table: failure.table ?? 'unknown',
        stage: failure.stage,
        code: failure.code,
      });
      return [deadLetter(deps.dlqTopic, record, failure, now())];
    };
    let decoded: DecodeResult;
    try {
      decoded = await decode(record);
    } catch (error) {
      if (error instanceof UndecodableRecord)
        return fail({ stage: 'decode', code: error.code, reason: error.message });
      throw error;
    }
    if (decoded.kind === 'tombstone' || decoded.kind === 'ignored') return [];
    if (decoded.kind === 'failure')
      return fail({ stage: 'decode', code: decoded.code, reason: decoded.reason });
    const { table: name } = decoded;
    if (!isTable(name)) {
      return fail({
        stage: 'decode',
        code: 'DECODE_UNKNOWN_TABLE',
        reason: `${name} is not a GlobalMart table`,
        table: name,
      });
    }
    const table: Table = name;
    // Deletes carry no row to judge, and refusing one would keep a deleted row alive downstream.
    if (decoded.after) {
      const violations = checkRow(table, decoded.after);
      const first = violations[0];
      if (first) {
        return fail({
          stage: 'quality',
          code: first.code,
          reason: violations.map((v) => `[${v.rule}] ${v.reason}`).join('; '),
          table,
        });
      }
    }
    let key: string;
    try {
      key = canonicalKey(table, decoded.key as KeyValues<typeof table>);
    } catch (error) {
      return fail({ stage: 'decode', code: 'DECODE_BAD_KEY', reason: (error as Error).message, table });
    }
    const tenant = tenantColumn(table);
    const image = decoded.after ?? decoded.before;
    const tenantId = tenant && image && typeof image[tenant] === 'string' ? (image[tenant] as string) : null;
    const encoded = await deps.writer.encode(decoded, table, key, tenantId);
    if (!encoded.ok) return fail(encoded.failure);
    deps.metrics.changesOut.inc({ table, op: decoded.op });
    deps.metrics.decodeSeconds.observe((performance.now() - started) / 1000);
    deps.metrics.endToEndSeconds.observe(
      { stage: 'ingest', table },
      Math.max(0, now() - Number(decoded.committedAtUs / 1000n)) / 1000,
    );
    const lineage = `${record.topic}/${record.partition}/${record.message.offset}`;
    return [
      {
        topic: deps.changesTopic(table),
        key,
        value: encoded.value,
        headers: { 'lakestream.source': lineage },
      },
    ];
  };
}
