import {
  avroType,
  enrichedEventSchema,
  isRecordJson,
  loadDerivedSchema,
  type RecordJson,
  subjectRegistration,
  type Table,
  type WriterSchema,
} from '@lakestream/schemas';
import type { Type } from 'avsc';

export interface EnrichedSchema {
  readonly type: Type;
  readonly id: number;
  /** Version within `lakestream.enriched.<entity>-value`: the events' schemaVersion. */
  readonly version: number;
}

export interface EnrichedWriterOptions {
  registryUrl: string;
  subjectOf: (table: Table) => string;
  fetch?: typeof fetch;
}

/** The row record of a ChangeEvent writer schema: defined in `before`, named in `after`. */
export function rowRecordOf(schema: unknown): RecordJson | undefined {
  if (typeof schema !== 'object' || schema === null || !isRecordJson(schema as RecordJson)) return undefined;
  for (const field of (schema as RecordJson).fields) {
    if (field.name !== 'before' && field.name !== 'after') continue;
    for (const branch of Array.isArray(field.type) ? field.type : [field.type]) {
      if (typeof branch === 'object' && !Array.isArray(branch) && isRecordJson(branch)) return branch;
    }
  }
  return undefined;
}

/**
 * The enriched schema for each input writer schema: the enriched envelope around the writer's row (so a
 * column the source added reaches the enriched topic and the lake too), registered under the enriched
 * subject (BACKWARD, as the registry enforces). Once per writer schema id; then encoding is synchronous.
 */
export function enrichedWriter(options: EnrichedWriterOptions) {
  const subjects = subjectRegistration({ registryUrl: options.registryUrl, fetch: options.fetch });
  const known = new Map<string, EnrichedSchema>();
  const loading = new Map<string, Promise<EnrichedSchema>>();

  async function load(table: Table, row: RecordJson): Promise<EnrichedSchema> {
    const schema = enrichedEventSchema(table, row, loadDerivedSchema(table));
    const subject = options.subjectOf(table);
    const outcome = await subjects.register(subject, schema);
    // The enriched schema follows the input's, which the registry took under BACKWARD: a refusal is
    // a bug in the enriched envelope, not in a record; thrown, so the batch waits for a fix.
    if ('refused' in outcome) throw new Error(`the enriched ${table} schema was refused: ${outcome.refused}`);
    return { type: avroType(schema), id: outcome.id, version: outcome.version };
  }

  return {
    /** The enriched schema for a table's input writer schema; a promise only the first time. */
    schemaFor(table: Table, writer: WriterSchema): EnrichedSchema | Promise<EnrichedSchema> {
      const id = `${table}/${writer.id}`;
      const cached = known.get(id);
      if (cached) return cached;
      let pending = loading.get(id);
      if (!pending) {
        const row = rowRecordOf(writer.json);
        if (!row) throw new Error(`schema ${writer.id} is not a ChangeEvent with a row record`);
        pending = load(table, row)
          .then((schema) => {
            known.set(id, schema);
            return schema;
          })
          .finally(() => loading.delete(id));
        loading.set(id, pending);
      }
      return pending;
    },
    /** Confluent framing: magic 0, the schema id, the Avro body. Throws if the event does not fit. */
    encode(schema: EnrichedSchema, event: unknown): Buffer {
      const body = schema.type.toBuffer(event);
      const out = Buffer.allocUnsafe(5 + body.length);
      out[0] = 0;
      out.writeInt32BE(schema.id, 1);
      body.copy(out, 5);
      return out;
    },
  };
}

export type EnrichedWriter = ReturnType<typeof enrichedWriter>;
