import type { Failure } from '@lakestream/kafka';
import {
  avroType,
  binlogOrdinal,
  changeEventSchema,
  dmsOrdinal,
  loadRowSchema,
  type RecordJson,
  type Registration,
  subjectRegistration,
  type Table,
} from '@lakestream/schemas';
import type { Type } from 'avsc';
import type { DecodedChange, Row, SourcePosition } from './decode/types';
import { describeMismatch, evolveRowSchema } from './row-schema';

/** A table's ChangeEvent schema around one row schema, parsed locally (no registry involved). */
interface LocalSchema {
  table: Table;
  row: RecordJson;
  full: RecordJson;
  type: Type;
}

/** A ChangeEvent that fits its schema, not yet registered or encoded. */
export interface PreparedEvent {
  readonly schema: LocalSchema;
  readonly event: Record<string, unknown>;
}

export type Prepared = { ok: true; prepared: PreparedEvent } | { ok: false; failure: Failure };
export type Encoded = { ok: true; value: Buffer; schemaVersion: number } | { ok: false; failure: Failure };

export interface ChangeEventWriterOptions {
  /** Confluent-compatible API base URL, where the schemas are registered. */
  registryUrl: string;
  /** Subject of a table's ChangeEvent value schema (TopicNameStrategy: `<topic>-value`). */
  subjectOf: (table: Table) => string;
  fetch?: typeof fetch;
}

/**
 * Encodes ChangeEvents in the Confluent wire format under each table's row schema, evolving it when
 * the source adds a column. In two steps, so that a refused record leaves no trace in the registry:
 * `prepare` shapes the event and checks it against the (evolved) schema locally with avsc; `encode`
 * registers that schema (the registry enforces BACKWARD compatibility) only for an event that is
 * going out, and a refusal dead-letters the record.
 */
export function changeEventWriter(options: ChangeEventWriterOptions) {
  const subjects = subjectRegistration({ registryUrl: options.registryUrl, fetch: options.fetch });
  const latestRow = new Map<Table, RecordJson>();
  // Keyed by the row schema object: evolveRowSchema returns the same object until a column is added.
  const local = new WeakMap<RecordJson, LocalSchema>();
  const registered = new WeakMap<RecordJson, Registration>();

  function localSchema(table: Table, row: RecordJson): LocalSchema {
    let schema = local.get(row);
    if (!schema) {
      const full = changeEventSchema(table, row);
      schema = { table, row, full, type: avroType(full) };
      local.set(row, schema);
    }
    return schema;
  }

  async function register(schema: LocalSchema): Promise<Registration | Failure> {
    const cached = registered.get(schema.row);
    if (cached) return cached;
    const { table, full } = schema;
    const subject = options.subjectOf(table);
    const outcome = await subjects.register(subject, full);
    if ('refused' in outcome) {
      return {
        stage: 'schema',
        code: 'SCHEMA_INCOMPATIBLE',
        reason: `the registry refused the new ${table} schema as not BACKWARD compatible with ${subject}: ${outcome.refused}`,
        table,
      };
    }
    registered.set(schema.row, outcome);
    return outcome;
  }

  return {
    /** The event and the schema it fits, checked locally; a value that does not fit is a failure. */
    prepare(change: DecodedChange, table: Table, key: string, tenantId: string | null): Prepared {
      let known = latestRow.get(table);
      if (!known) {
        known = loadRowSchema(table);
        latestRow.set(table, known);
      }
      const row = evolveRowSchema(known, change.columns);
      const schema = localSchema(table, row);
      const event = {
        table,
        op: change.op,
        key,
        before: change.before && shapeRow(row, change.before),
        after: change.after && shapeRow(row, change.after),
        sourcePosition: sourcePosition(change.position),
        committedAt: change.committedAtUs,
        tenantId,
        // The registry's version is known only once the schema is registered (encode).
        schemaVersion: 0,
      };
      const problems: string[] = [];
      schema.type.isValid(event, {
        errorHook: (path: string[], value: unknown) =>
          problems.push(
            `${path.join('.')} = ${typeof value === 'bigint' ? `${value}n` : JSON.stringify(value)}`,
          ),
      });
      if (problems.length === 0) return { ok: true, prepared: { schema, event } };
      const mismatch = describeMismatch(row, change.columns);
      return {
        ok: false,
        failure: {
          stage: 'schema',
          code: 'SCHEMA_MISMATCH',
          reason: `${table} values do not fit its row schema: ${problems.join(', ')}${mismatch ? ` (${mismatch})` : ''}`,
          table,
        },
      };
    },

    /** Registers the event's schema if it is new (the first event that needs it), then encodes. */
    async encode({ schema, event }: PreparedEvent): Promise<Encoded> {
      const registration = await register(schema);
      if ('stage' in registration) return { ok: false, failure: registration };
      if (schema.row !== latestRow.get(schema.table)) latestRow.set(schema.table, schema.row);
      const header = Buffer.alloc(5);
      header.writeInt32BE(registration.id, 1);
      return {
        ok: true,
        value: Buffer.concat([
          header,
          schema.type.toBuffer({ ...event, schemaVersion: registration.version }),
        ]),
        schemaVersion: registration.version,
      };
    },
  };
}

/** Exactly the schema's fields, absent ones as null, so a partial image fails only on required fields. */
function shapeRow(schema: RecordJson, row: Row): Record<string, unknown> {
  return Object.fromEntries(schema.fields.map((f) => [f.name, row[f.name] ?? null]));
}

function sourcePosition(position: SourcePosition) {
  const common = { gtid: position.gtid, txId: position.txId, snapshot: position.snapshot };
  if (position.source === 'binlog') {
    return {
      ...common,
      source: 'binlog' as const,
      file: position.file,
      pos: position.pos,
      row: position.row,
      ordinal: binlogOrdinal({ file: position.file, pos: position.pos, row: position.row }),
    };
  }
  return {
    ...common,
    source: 'dms' as const,
    file: null,
    pos: 0n,
    row: 0,
    ordinal: dmsOrdinal({
      commitMicros: position.commitTimestampUs,
      sequence: position.transactionRecordId ?? 0n,
      step: position.step,
    }),
  };
}
