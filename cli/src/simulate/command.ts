import {
  loadStackConfig,
  type SimulateOptions,
  simulate,
  simulationPool,
  sourceConnectionOptions,
} from '@lakestream/stack';
import { parseSimulateArgs, type SimulateArgs } from './args';
import { renderProgress, renderReport } from './render';

/**
 * `lakestream simulate`: the GlobalMart workload on the local stack's MariaDB until the duration or
 * the number of changes is reached, or Ctrl-C (which lets the transactions in flight finish and
 * still prints the report). Exits 1 if any event failed.
 */
export async function simulateCommand(args: SimulateArgs, out: (line: string) => void): Promise<number> {
  const options: SimulateOptions = parseSimulateArgs(args);
  const stop = new AbortController();
  const onSignal = () => {
    out('stopping: finishing the transactions in flight (Ctrl-C again to quit at once)');
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const pool = simulationPool(sourceConnectionOptions(loadStackConfig()), options.connections ?? 8);
  try {
    const report = await simulate(
      { ...options, signal: stop.signal },
      {
        pool,
        onStart: (tenants) => {
          const until = [
            options.durationMs !== undefined && `for ${options.durationMs / 1000}s`,
            options.changes !== undefined && `for ${options.changes} changes`,
          ].filter(Boolean);
          out(
            `simulate: seed ${options.seed ?? 1}, tenants ${tenants.join(', ')}, ${options.rate} changes/s ${until.join(' or ') || 'until Ctrl-C'}`,
          );
        },
        onProgress: (progress) => out(renderProgress(progress)),
      },
    );
    out(renderReport(report));
    return report.failed > 0 ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await pool.end();
  }
}
