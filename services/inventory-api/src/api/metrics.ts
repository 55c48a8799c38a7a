import { Histogram, type Registry } from 'prom-client';

export interface ApiMetrics {
  requestSeconds: Histogram<'method' | 'route' | 'status_code'>;
  dynamoSeconds: Histogram<'operation' | 'outcome'>;
}

function histogram<L extends string>(
  registry: Registry,
  config: { name: string; help: string; labelNames: L[]; buckets: number[] },
): Histogram<L> {
  // Get-or-create, so building two apps on one registry does not throw on duplicate names.
  const existing = registry.getSingleMetric(config.name);
  if (existing) return existing as Histogram<L>;
  return new Histogram({ ...config, registers: [registry] });
}

export function apiMetrics(registry: Registry): ApiMetrics {
  return {
    requestSeconds: histogram(registry, {
      name: 'lakestream_api_request_seconds',
      help: 'HTTP request duration, by route template and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
    dynamoSeconds: histogram(registry, {
      name: 'lakestream_api_dynamodb_seconds',
      help: 'DynamoDB call latency, by operation and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    }),
  };
}
