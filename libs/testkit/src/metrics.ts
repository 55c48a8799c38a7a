import { sumSamples } from '@lakestream/stack';

/**
 * Reading a service's /metrics the way Prometheus does, for tests that run the service as a process:
 * the sum of one metric's samples whose labels include `labels`.
 */
export async function scrapeMetric(
  port: number,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return sumSamples(text, name, labels);
}
