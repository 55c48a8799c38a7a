import { deadLetterCounter } from '@lakestream/kafka';
import { endToEndSeconds } from '@lakestream/runtime';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface EnrichMetrics {
  changesOut: Counter<'table' | 'status'>;
  /** Missing references in partial emissions, by the entity that was missing. */
  missing: Counter<'table' | 'reference'>;
  reemitted: Counter<'table' | 'status'>;
  /** Revisions sent again from the ledger: a replay of what was sent before. */
  replayed: Counter<'table'>;
  lateExpired: Counter<'table'>;
  pendingOpen: Gauge;
  /** The shared `lakestream_dead_letters_total` (libs/kafka), stage `enrich`. */
  deadLettered: Counter<'stage' | 'code' | 'table'>;
  enrichSeconds: Histogram;
  stateRecords: Counter<'topic'>;
  stateBehind: Gauge;
  stateVersions: Gauge;
  /** Source commit to enriched record produced (stage `enrich`). */
  endToEndSeconds: Histogram<'stage' | 'table'>;
}

/** The enricher's metrics, in the registry the service is given (never the global one). */
export function enrichMetrics(registry: Registry): EnrichMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  return {
    changesOut: counter('lakestream_enrich_changes_out_total', 'Enriched events produced (revision 0)', [
      'table',
      'status',
    ]),
    missing: counter(
      'lakestream_enrich_missing_references_total',
      'References missing when a change was enriched, by entity missing',
      ['table', 'reference'],
    ),
    reemitted: counter(
      'lakestream_enrich_reemitted_total',
      'Changes emitted again after late reference data arrived (revision > 0)',
      ['table', 'status'],
    ),
    replayed: counter(
      'lakestream_enrich_replayed_total',
      'Revisions sent again from the ledger on a replay',
      ['table'],
    ),
    lateExpired: counter(
      'lakestream_enrich_late_expired_total',
      'Partial changes whose references came after ENRICH_LATE_WINDOW_SECONDS: left partial',
      ['table'],
    ),
    pendingOpen: new Gauge({
      name: 'lakestream_enrich_pending_open',
      help: 'Changes emitted partial and still waiting for their references',
      registers: [registry],
    }),
    deadLettered: deadLetterCounter(registry),
    enrichSeconds: new Histogram({
      name: 'lakestream_enrich_seconds',
      help: 'Time to decode, join, pseudonymise and encode one change',
      buckets: [0.00002, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.005, 0.05],
      registers: [registry],
    }),
    stateRecords: counter(
      'lakestream_enrich_state_records_total',
      'Records applied to the replicated state',
      ['topic'],
    ),
    stateBehind: new Gauge({
      name: 'lakestream_enrich_state_restore_behind',
      help: 'Records the replicated state still has to read before the loop starts',
      registers: [registry],
    }),
    stateVersions: new Gauge({
      name: 'lakestream_enrich_state_versions',
      help: 'Reference versions held in the local store',
      registers: [registry],
    }),
    endToEndSeconds: endToEndSeconds(registry),
  };
}
