import type { ChangeEvent } from './generated/change-event';
import type { Enriched } from './generated/enriched';

/** The value of `lakestream.enriched.<entity>`: a ChangeEvent of the enriched row, plus `enrichment`. */
export type EnrichedEvent<Row> = ChangeEvent<Row> & Enriched;
