import type { IncomingRecord, OutgoingRecord } from '@lakestream/kafka';
import { deadLetter, type Failure } from '@lakestream/kafka';
import {
  checkRow,
  isConfluentFramed,
  lineageHeaders,
  loadRowSchema,
  type RecordDecoder,
  TABLES,
  type Table,
  tenantColumn,
  UndecodableRecord,
} from '@lakestream/schemas';
import type { changeEventWriter, PreparedEvent } from './change-events';
import {
  type DecodedChange,
  type DecodeResult,
  decodeDebeziumAvro,
  decodeDebeziumJson,
  decodeDmsJson,
  type TableSpec,
  tableSpecFromRowSchema,
} from './decode';
import { splitKeyChange } from './key-change';
import { checkedKey } from './key-check';
import type { IngestMetrics } from './metrics';
import type { PartitionCounts } from './partitions';
import { sourceTable } from './source-table';

export interface IngestTransformDeps {
  /** Decodes Confluent-framed Avro by the registry (writer schemas keep Debezium's `connect.*` attributes). */
  decoder: RecordDecoder;
  writer: ReturnType<typeof changeEventWriter>;
  metrics: IngestMetrics;
  changesTopic: (table: Table) => string;
  /** How many partitions a changes topic has: a truncate goes to each. */
  partitions: Pick<PartitionCounts, 'of'>;
  dlqTopic: string;
  /** The database whose tables are GlobalMart's (Debezium `source.db`, DMS `schema-name`). */
  sourceDatabase: string;
  /** Debezium's `topic.prefix`: its bare name is the schema-change topic. */
  topicPrefix: string;
  /** `auto` tells DMS from Debezium by the DMS metadata block; JSON only (DMS writes no Avro here). */
  sourceFormat: 'auto' | 'debezium' | 'dms';
  /** DMS BeforeImageSettings.FieldName and the `add-before-image-columns` prefix (decodeDmsJson). */
  dmsBeforeImage?: { field?: string; prefix?: string };
  now?: () => number;
}

/** Column hints and primary keys from the entity schemas, for formats that carry no types or keys. */
const tableSpecs: Readonly<Record<string, TableSpec>> = Object.fromEntries(
  TABLES.map((table) => [table, tableSpecFromRowSchema(loadRowSchema(table))]),
);

const looksLikeDms = (bytes: Buffer | null) => bytes?.includes('"record-type"') === true;

/** What one change becomes before anything is registered or produced. */
interface Planned {
  prepared: PreparedEvent;
  change: DecodedChange;
  key: string;
}

/**
 * One raw CDC record → its ChangeEvents (usually one; a DMS key change gives two, a truncate one per
 * partition of the changes topic), or the record itself on the dead-letter topic with the reason.
 * All or nothing: every output is checked before the first is registered or produced. Bad input
 * never throws (a poison record must not stop the consumer); only an outage (the registry, the
 * cluster's metadata) does, which aborts the batch so it is consumed again.
 */
export function ingestTransform(deps: IngestTransformDeps) {
  const now = deps.now ?? Date.now;
  const options = {
    topicPrefix: deps.topicPrefix,
    tables: tableSpecs,
    ...(deps.dmsBeforeImage?.field ? { beforeImageField: deps.dmsBeforeImage.field } : {}),
    ...(deps.dmsBeforeImage?.prefix ? { beforeImagePrefix: deps.dmsBeforeImage.prefix } : {}),
  };

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

  /** Quality, key and schema checks of one change; nothing is registered yet. */
  const plan = (table: Table, change: DecodedChange): Planned | Failure => {
    // Deletes carry no row to judge, and refusing one would keep a deleted row alive downstream.
    if (change.after) {
      const violations = checkRow(table, change.after);
      const first = violations[0];
      if (first) {
        return {
          stage: 'quality',
          code: first.code,
          reason: violations.map((v) => `[${v.rule}] ${v.reason}`).join('; '),
          table,
        };
      }
    }
    const key = checkedKey(table, change);
    if (typeof key !== 'string') return key;
    const tenant = tenantColumn(table);
    const image = change.after ?? change.before ?? change.tenantRow;
    const tenantId = tenant && image && typeof image[tenant] === 'string' ? (image[tenant] as string) : null;
    const prepared = deps.writer.prepare(change, table, key, tenantId);
    return prepared.ok ? { prepared: prepared.prepared, change, key } : prepared.failure;
  };

  return async (record: IncomingRecord): Promise<OutgoingRecord[]> => {
    const started = performance.now();
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
    const table = sourceTable(decoded, deps.sourceDatabase);
    if (typeof table !== 'string') return fail(table);

    const lineage = lineageHeaders(record.topic, record.partition, record.message.offset);
    const topic = deps.changesTopic(table);
    const done = (outputs: OutgoingRecord[], changes: readonly DecodedChange[]) => {
      for (const change of changes) deps.metrics.changesOut.inc({ table, op: change.op });
      deps.metrics.decodeSeconds.observe((performance.now() - started) / 1000);
      deps.metrics.endToEndSeconds.observe(
        { stage: 'ingest', table },
        Math.max(0, now() - Number(decoded.committedAtUs / 1000n)) / 1000,
      );
      return outputs;
    };

    // A truncate (libs/schemas README, "Truncate"): one event with an empty key, no images and no
    // tenant, written to every partition of the changes topic so that each partition has it after
    // the changes it already holds; the partition is set on the record, since no key can place it.
    if (decoded.op === 't') {
      const prepared = deps.writer.prepare(decoded, table, '', null);
      if (!prepared.ok) return fail(prepared.failure);
      const count = await deps.partitions.of(topic);
      const encoded = await deps.writer.encode(prepared.prepared);
      if (!encoded.ok) return fail(encoded.failure);
      const outputs = Array.from({ length: count }, (_, partition) => ({
        topic,
        key: '',
        value: encoded.value,
        partition,
        headers: lineage,
      }));
      return done(
        outputs,
        outputs.map(() => decoded),
      );
    }

    const planned: Planned[] = [];
    for (const change of splitKeyChange(decoded)) {
      const step = plan(table, change);
      if ('stage' in step) return fail(step);
      planned.push(step);
    }
    const outputs: OutgoingRecord[] = [];
    for (const { prepared, key } of planned) {
      const encoded = await deps.writer.encode(prepared);
      if (!encoded.ok) return fail(encoded.failure);
      outputs.push({ topic, key, value: encoded.value, headers: lineage });
    }
    return done(
      outputs,
      planned.map((p) => p.change),
    );
  };
}
