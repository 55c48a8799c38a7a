import type { Enrichment } from '@lakestream/schemas';
import type { ColumnShape } from './columns';
import type { IncomingChange } from './table-writer';

// Which emission of a source change a record is (libs/schemas README, "A re-emission, and what a
// sink does with it"). A record of a changes topic is always revision 0 and never partial.

export interface Emission {
  ordinal: string;
  revision: number;
  partial: boolean;
}

const enrichmentOf = (change: IncomingChange) => (change.event as { enrichment?: Enrichment }).enrichment;

export function emissionOf(change: IncomingChange): Emission {
  const enrichment = enrichmentOf(change);
  return {
    ordinal: change.event.sourcePosition.ordinal,
    revision: enrichment?.revision ?? 0,
    partial: enrichment?.status === 'partial',
  };
}

/** A source change's identity in the history: one row per (key, ordinal). */
export const sourceChangeId = (key: string, ordinal: string) => `${key}\u0000${ordinal}`;

/**
 * Whether a re-emission replaces what is held for its source change: only a higher revision of the
 * same ordinal does. Nothing held means its first emission is not there to replace (a newer change
 * or a delete ended it, or it is older than the window kept), and a re-emission is never a change.
 */
export const replaces = (incoming: Emission, held: Pick<Emission, 'ordinal' | 'revision'> | undefined) =>
  held !== undefined && held.ordinal === incoming.ordinal && held.revision < incoming.revision;

/** A row worth remembering for a later re-emission: one that may still be enriched again. */
export const mayBeReemitted = (emission: Emission) => emission.partial;

/** The enrichment columns a table fed by `lakestream.enriched.*` gains, so the rule above is checkable. */
export const ENRICHMENT_COLUMNS: readonly ColumnShape[] = [
  {
    name: '_enrichment_status',
    type: 'string',
    required: false,
    doc: 'complete, or partial when a reference was missing (enriched input only)',
    convert: (v) => v,
  },
  {
    name: '_enrichment_revision',
    type: 'int',
    required: false,
    doc: 'Which emission of the source change the row is: 0 first, n+1 once late reference data arrived',
    convert: (v) => v,
  },
];

export const ENRICHMENT_VALUES: Record<string, (change: IncomingChange) => unknown> = {
  _enrichment_status: (c) => enrichmentOf(c)?.status ?? null,
  _enrichment_revision: (c) => enrichmentOf(c)?.revision ?? null,
};
