import { type SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { Failure } from '@lakestream/kafka';
import {
  avroType,
  binlogOrdinal,
  changeEventSchema,
  dmsOrdinal,
  loadRowSchema,
  type RecordJson,
  type Table,
} from '@lakestream/schemas';
import type { Type } from 'avsc';
import type { DecodedChange, Row, SourcePosition } from './decode/types';
import { describeMismatch, evolveRowSchema } from './row-schema';

interface RegisteredSchema {
  id: number;
  version: number;
  type: Type;
  row: RecordJson;
}

export type Encoded = { ok: true; value: Buffer; schemaVersion: number } | { ok: false; failure: Failure };

export interface ChangeEventWriterOptions {
  registry: SchemaRegistry;
  /** Confluent-compatible API base URL, for looking up the version of a registered schema. */
  registryUrl: string;
  /** Subject of a table's ChangeEvent value schema (TopicNameStrategy: `<topic>-value`). */
  subjectOf: (table: Table) => string;
  fetch?: typeof fetch;
}

/**
 * Encodes ChangeEvents in the Confluent wire format under each table's row schema, evolving it when
 * the source adds a column: the evolved schema is registered (the registry enforces BACKWARD
 * compatibility) before the first event that needs it, and a refusal dead-letters the record.
 */
export function changeEventWriter(options: ChangeEventWriterOptions) {
  const doFetch = options.fetch ?? fetch;
  const latestRow = new Map<Table, RecordJson>();
  // Keyed by the row schema object: evolveRowSchema returns the same object until a column is added.
  const registered = new WeakMap<RecordJson, RegisteredSchema>();

  async function register(table: Table, row: RecordJson): Promise<RegisteredSchema | Failure> {
    const cached = registered.get(row);
    if (cached) return cached;
    const full = changeEventSchema(table, row);
    const subject = options.subjectOf(table);
    let id: number;
    try {
      ({ id } = await options.registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(full) },
        { subject },
      ));
    } catch (error) {
      if ((error as { status?: number }).status === 409) {
        return {
          stage: 'schema',
          code: 'SCHEMA_INCOMPATIBLE',
          reason: `the registry refused the new ${table} schema as not BACKWARD compatible with ${subject}: ${(error as Error).message}`,
          table,
        };
      }
      throw error;
    }
    const version = await lookupVersion(subject, full);
    const entry = { id, version, type: avroType(full), row };
    registered.set(row, entry);
    return entry;
  }

  async function lookupVersion(subject: string, schema: RecordJson): Promise<number> {
    const response = await doFetch(`${options.registryUrl}/subjects/${encodeURIComponent(subject)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema: JSON.stringify(schema) }),
    });
    if (!response.ok) throw new Error(`registry lookup of ${subject} answered ${response.status}`);
    return ((await response.json()) as { version: number }).version;
  }

  return {
    async encode(
      change: DecodedChange,
      table: Table,
      key: string,
      tenantId: string | null,
    ): Promise<Encoded> {
      let known = latestRow.get(table);
      if (!known) {
        known = loadRowSchema(table);
        latestRow.set(table, known);
      }
      const row = evolveRowSchema(known, change.columns);
      const schema = await register(table, row);
      if ('stage' in schema) return { ok: false, failure: schema };
      if (row !== known) latestRow.set(table, row);
      const event = {
        table,
        op: change.op,
        key,
        before: change.before && shapeRow(row, change.before),
        after: change.after && shapeRow(row, change.after),
        sourcePosition: sourcePosition(change.position),
        committedAt: change.committedAtUs,
        tenantId,
        schemaVersion: schema.version,
      };
      const problems: string[] = [];
      schema.type.isValid(event, {
        errorHook: (path: string[], value: unknown) =>
          problems.push(
            `${path.join('.')} = ${typeof value === 'bigint' ? `${value}n` : JSON.stringify(value)}`,
          ),
      });
      if (problems.length > 0) {
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
      }
      const header = Buffer.alloc(5);
      header.writeInt32BE(schema.id, 1);
      return {
        ok: true,
        value: Buffer.concat([header, schema.type.toBuffer(event)]),
        schemaVersion: schema.version,
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
    }),
  };
}
