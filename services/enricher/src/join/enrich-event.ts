import { type ChangeEvent, type EnrichedEvent, PII_COLUMNS, type Table } from '@lakestream/schemas';
import type { ReferenceView } from '../store/reference';
import { derive } from './derive';
import { type PiiKeyring, pseudonymise } from './pii';

type Row = Record<string, unknown>;

/**
 * One ChangeEvent as its enriched event (libs/schemas README, Enriched): each row image with its PII
 * columns as tokens and its derived columns joined at the change's own position; the enrichment says
 * what was missing. A pure function of the change, the reference view, the keyring and the revision:
 * the same arguments give the same event, which is what makes replays identical.
 */
export function enrichEvent(
  table: Table,
  event: ChangeEvent<Row>,
  view: ReferenceView,
  keyring: PiiKeyring,
  revision = 0,
): { enriched: EnrichedEvent<Row>; missing: string[] } {
  const pii = PII_COLUMNS[table];
  const key = pii.length > 0 && event.op !== 't' ? keyring.keyFor(event.committedAt) : undefined;
  const at = {
    ordinal: event.sourcePosition.ordinal,
    committedAt: event.committedAt,
    tenantId: event.tenantId,
  };
  const missing = new Set<string>();
  const image = (row: Row | null): Row | null => {
    if (!row) return null;
    const derivation = derive(table, row, at, view);
    for (const m of derivation.missing) missing.add(m);
    const tokens = key ? pseudonymise(row, pii, key, event.tenantId ?? '') : row;
    return { ...tokens, ...derivation.derived };
  };
  const before = image(event.before);
  const after = image(event.after);
  const sorted = [...missing].sort();
  return {
    enriched: {
      ...event,
      before,
      after,
      enrichment: {
        status: sorted.length > 0 ? 'partial' : 'complete',
        missing: sorted,
        revision,
        piiKeyId: key?.id ?? null,
      },
    },
    missing: sorted,
  };
}
