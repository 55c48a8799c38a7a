import { deadLetterCounter } from '@lakestream/kafka';
import { endToEndSeconds } from '@lakestream/runtime';
import { Counter, Histogram, type Registry } from 'prom-client';

export interface IngestMetrics {
  changesOut: Counter<'table' | 'op'>;
  /** The shared `lakestream_dead_letters_total` (libs/kafka). */
  deadLettered: Counter<'stage' | 'code' | 'table'>;
  decodeSeconds: Histogram;
  /** Source commit to ChangeEvent produced (stage `ingest`). */
  endToEndSeconds: Histogram<'stage' | 'table'>;
}

export function ingestMetrics(registry: Registry): IngestMetrics {
  return {
    changesOut: new Counter({
      name: 'lakestream_ingest_changes_out_total',
      help: 'ChangeEvents produced',
      labelNames: ['table', 'op'],
      registers: [registry],
    }),
    deadLettered: deadLetterCounter(registry),
    decodeSeconds: new Histogram({
      name: 'lakestream_ingest_decode_seconds',
      help: 'Time to decode, validate and encode one record',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
      registers: [registry],
    }),
    endToEndSeconds: endToEndSeconds(registry),
  };
}
