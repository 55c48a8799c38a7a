import { PII_COLUMNS } from '../pii';
import { changeEventSchema } from './change-event';
import { entityName } from './names';
import { loadChangeEventTemplate, loadEnrichedTemplate } from './schema-files';
import type { FieldJson, RecordJson } from './schema-json';

/** Where the enriched row records live: apart from lakestream.globalmart, whose rows carry raw values. */
export const ENRICHED_NAMESPACE = 'lakestream.enriched';

const TOKEN_DOC = 'Pseudonymised: <keyId>:<base64url HMAC-SHA-256> (libs/schemas README, Enriched rows).';

/**
 * The enriched row of one entity (README, Enriched rows): the source row's columns under the same names
 * and types, PII columns holding tokens instead of raw values, then the entity's derived columns
 * (optional, default null) that the row does not already have. Named `<Entity>EnrichedRow`, so no
 * reader mistakes it for the raw `<Entity>Row`. The row may be a writer's evolved schema (a column the
 * source added): it is kept, so the lake gets new source columns through the enricher too.
 */
export function enrichedRowSchema(entity: string, rowSchema: RecordJson, derived?: RecordJson): RecordJson {
  const pii = new Set<string>((PII_COLUMNS as Readonly<Record<string, readonly string[]>>)[entity] ?? []);
  const fields: FieldJson[] = rowSchema.fields.map((field) =>
    pii.has(field.name) ? { ...field, doc: field.doc ? `${field.doc} ${TOKEN_DOC}` : TOKEN_DOC } : field,
  );
  const names = new Set(fields.map((f) => f.name));
  for (const field of derived?.fields ?? []) if (!names.has(field.name)) fields.push(field);
  return {
    ...rowSchema,
    name: `${entityName(entity)}EnrichedRow`,
    namespace: ENRICHED_NAMESPACE,
    doc: `${rowSchema.doc ?? `A row of ${entity}`} Enriched: PII as tokens, derived columns after the source's.`,
    fields,
  };
}

export interface EnrichedTemplates {
  /** avro/change-event/vN.avsc (latest by default). */
  changeEvent?: RecordJson;
  /** avro/enriched-event/vN.avsc (latest by default). */
  enriched?: RecordJson;
}

/**
 * The value schema of `lakestream.enriched.<entity>`: the ChangeEvent envelope around the enriched
 * row, then the fields of the enriched-event template (`enrichment`), named `<Entity>EnrichedEvent`.
 */
export function enrichedEventSchema(
  entity: string,
  rowSchema: RecordJson,
  derived?: RecordJson,
  templates: EnrichedTemplates = {},
): RecordJson {
  const row = enrichedRowSchema(entity, rowSchema, derived);
  const envelope = changeEventSchema(entity, row, templates.changeEvent ?? loadChangeEventTemplate().schema);
  const extra = templates.enriched ?? loadEnrichedTemplate().schema;
  return {
    ...envelope,
    name: `${entityName(entity)}EnrichedEvent`,
    doc: `${envelope.doc ?? ''} ${extra.doc ?? ''}`.trim(),
    fields: [...envelope.fields, ...extra.fields],
  };
}
