import {
  allHealthy,
  lineReporter,
  pipelineServices,
  readPipelineState,
  renderStatus,
  type StackConfig,
  stackDown,
  stackParts,
  stackStatus,
  stackUp,
  tailFile,
  waitFor,
} from '@lakestream/stack';
import { topicsCommand } from '../topics/command';
import { pipelineLog, runningPipeline, startPipelineProcess, stopPipelineProcess } from './daemon';
import { hints, watchPipeline } from './watch';

export interface UpOptions {
  /** Leave it running and return (for later commands) instead of showing the live view. */
  detach: boolean;
  /** The simulator's rate (changes/s); undefined: no simulator. */
  simulateRate: number | undefined;
}

type Out = (line: string) => void;

/** Waits until every service instance answers /readyz with 200, printing each as it gets there. */
async function waitReady(config: StackConfig, out: Out): Promise<void> {
  const started = Date.now();
  const pending = new Set(pipelineServices(config).map((s) => s.name));
  const ports = new Map(pipelineServices(config).map((s) => [s.name, s.httpPort]));
  await waitFor(
    async () => {
      for (const name of [...pending]) {
        const ok = await fetch(`http://${config.host}:${ports.get(name)}/readyz`, {
          signal: AbortSignal.timeout(1_000),
        })
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) {
          pending.delete(name);
          out(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${name.padEnd(14)} ready`);
        }
      }
      return pending.size === 0;
    },
    {
      what: `the pipeline to be ready (not yet: ${[...pending].join(', ')})`,
      timeoutMs: 180_000,
      intervalMs: 500,
    },
  ).catch(async (error: Error) => {
    const tails = await Promise.all(
      [...pending].map(
        async (name) => `--- ${name}:\n${await tailFile(`${config.home}/logs/pipeline/${name}.log`, 15)}`,
      ),
    );
    throw new Error(`${error.message}\n${tails.join('\n')}`);
  });
}

/**
 * `lakestream up`: the stack, the topics, then every service as its own supervised process (and the
 * simulator), until each is ready; then the live view until Ctrl-C, which stops what `up` started
 * (`--detach` leaves it all running for later commands; `lakestream down` stops it).
 */
export async function upCommand(
  config: StackConfig,
  options: UpOptions,
  out: Out,
  err: Out,
): Promise<number> {
  await stackUp(config, stackParts, lineReporter(out));
  const statuses = await stackStatus(config, stackParts);
  if (!allHealthy(statuses)) {
    err(renderStatus(statuses));
    return 1;
  }
  out('\ntopics:');
  const topics = await topicsCommand('apply', { dryRun: false, prune: false }, out, err);
  if (topics !== 0) return topics;
  const running = runningPipeline(config);
  if (running === undefined) {
    const pid = startPipelineProcess(
      config,
      options.simulateRate === undefined ? {} : { simulateRate: options.simulateRate },
    );
    out(`\npipeline: started (pid ${pid}; log ${pipelineLog(config)})`);
  } else {
    out(`\npipeline: already running (pid ${running})`);
  }
  await waitReady(config, out);
  const processes = readPipelineState(config)?.processes ?? [];
  out(`\n${processes.map((p) => `${p.name} (port ${p.httpPort ?? '-'})`).join(', ')}: running`);
  for (const line of hints(config)) out(line);
  if (options.detach) {
    out('\nleft running: lakestream status --watch to look, lakestream down to stop');
    return 0;
  }
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  await watchPipeline(config, process.stdout, stop.signal);
  out('\nstopping: the pipeline, then the stack');
  return downCommand(config, { purge: false }, out);
}

/** `lakestream down`: the pipeline's processes (SIGTERM, then the grace period), then the stack. */
export async function downCommand(
  config: StackConfig,
  options: { purge: boolean },
  out: Out,
): Promise<number> {
  if (await stopPipelineProcess(config)) out('pipeline: stopped');
  await stackDown(config, stackParts, lineReporter(out), { purge: options.purge });
  if (options.purge) out(`removed ${config.home}`);
  return 0;
}

/** `lakestream status [--watch]`: the stack's servers, then the pipeline, once or live. */
export async function statusCommand(
  config: StackConfig,
  options: { watch: boolean },
  out: Out,
): Promise<number> {
  if (options.watch) {
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    await watchPipeline(config, process.stdout, stop.signal);
    return 0;
  }
  const statuses = await stackStatus(config, stackParts);
  out(renderStatus(statuses));
  const state = readPipelineState(config);
  const pid = runningPipeline(config);
  out(
    pid === undefined
      ? '\npipeline: not running (lakestream up)'
      : `\npipeline: running (pid ${pid}): ${(state?.processes ?? []).map((p) => `${p.name} ${p.state}${p.restarts ? ` (${p.restarts} restarts)` : ''}`).join(', ')}`,
  );
  return allHealthy(statuses) ? 0 : 1;
}
