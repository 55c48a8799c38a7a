// Generated from libs/schemas/avro/enriched-event/v1.avsc: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/** What the enricher adds to a ChangeEvent. */
export interface Enriched {
  /** How complete the joins were, which emission of the source change this is, and the PII key. */
  enrichment: Enrichment;
}

/** How complete the joins were, which emission of the source change this is, and the PII key. */
export interface Enrichment {
  status: EnrichmentStatus;
  /** The references not found, as <entity>:<key> (fx rates as fx_rates:<currency>@<yyyy-mm-dd>), sorted. */
  missing: string[];
  /**
   * 0 for the first emission of a source change; n+1 for its re-emission once late reference data arrived. A
   * source change is (key, sourcePosition.ordinal).
   */
  revision: number;
  /** Id of the HMAC key that made this record's PII tokens; null when the entity has no PII column. */
  piiKeyId: string | null;
}

/** complete: every reference was found; partial: missing names what was not (yet). */
export type EnrichmentStatus = 'complete' | 'partial';
