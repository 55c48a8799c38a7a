import { Histogram, type Registry } from 'prom-client';

/**
 * One metric for how fresh each stage's output is: seconds from the source transaction's commit to
 * the moment the stage's output exists (a ChangeEvent produced, a lake snapshot committed, a DynamoDB
 * item written). `stage` names the service's step (ingest, lake, project, enrich), `table` the entity,
 * so dashboards and the live view compare stages on one scale.
 */
export function endToEndSeconds(registry: Registry): Histogram<'stage' | 'table'> {
  const name = 'lakestream_end_to_end_seconds';
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Histogram<'stage' | 'table'>;
  return new Histogram({
    name,
    help: 'Source commit to the stage output existing, by stage and table',
    labelNames: ['stage', 'table'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
}
