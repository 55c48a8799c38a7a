// Topic names the services use, so none of them spells one by hand. Every name built here is in
// topics.json (checked by catalog.unit.test.ts).

/** Canonical ChangeEvents of one GlobalMart table (cdc-ingest → enricher, lake-sink). */
export const changesTopic = (entity: string) => `lakestream.changes.${entity}`;
/** Enricher output for one entity (→ lake-sink, inventory-api). */
export const enrichedTopic = (entity: string) => `lakestream.enriched.${entity}`;
/** Latest row per primary key of a reference entity, compacted (the enricher's join state). */
export const referenceTopic = (entity: string) => `lakestream.reference.${entity}`;
/** Records that could not be processed, with the reason and source position in headers. */
export const dlqTopic = 'lakestream.dlq';
/**
 * The enricher's own state: changes it emitted partial (their ledger of revisions) and reference
 * arrival markers; compacted, an input and an output of its transactions (docs/decisions/0010).
 */
export const enricherPendingTopic = 'lakestream.enricher.pending';
