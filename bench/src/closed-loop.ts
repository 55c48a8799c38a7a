import { percentile } from './stats';

export interface ClosedLoopResult {
  calls: number;
  errors: number;
  seconds: number;
  /** Successful calls' latencies, ms, sorted. */
  latencies: number[];
}

/**
 * `concurrency` workers each calling `call` again as soon as the last one returned, for `seconds`:
 * the same closed loop autocannon runs with its connections, for a yardstick without HTTP in front.
 */
export async function closedLoop(
  concurrency: number,
  seconds: number,
  call: (n: number) => Promise<unknown>,
  now: () => number = () => performance.now(),
): Promise<ClosedLoopResult> {
  const started = now();
  const until = started + seconds * 1000;
  const latencies: number[] = [];
  let calls = 0;
  let errors = 0;
  const worker = async () => {
    while (now() < until) {
      const n = calls++;
      const began = now();
      try {
        await call(n);
        latencies.push(now() - began);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { calls, errors, seconds: (now() - started) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

/** A result's row: achieved calls/s, p50, p99 and max ms, errors. */
export function closedLoopRow(result: ClosedLoopResult): string[] {
  const ms = (n: number) => String(Math.round(n * 10) / 10);
  const { latencies } = result;
  return [
    String(Math.round((result.calls - result.errors) / result.seconds)),
    ms(percentile(latencies, 50)),
    ms(percentile(latencies, 99)),
    ms(latencies[latencies.length - 1] ?? Number.NaN),
    String(result.errors),
  ];
}
