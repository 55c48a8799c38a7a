import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { serviceLogger } from '@lakestream/runtime';
import {
  connectorName,
  isAlive,
  pipelinePidFile,
  readPid,
  runPipeline,
  type StackConfig,
  type SupervisedSpec,
  superviseConnector,
  waitFor,
} from '@lakestream/stack';

/** The CLI's own entry point, which the pipeline process and the simulator run. */
export const cliMain = join(__dirname, '..', 'main.js');

export const pipelineLog = (config: StackConfig) => join(config.home, 'logs', 'pipeline.log');

/** The pid of the running pipeline process, if one runs. */
export function runningPipeline(config: StackConfig): number | undefined {
  const pid = readPid(pipelinePidFile(config));
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}

export interface PipelineRunOptions {
  /** The simulator's rate in changes/s; none: no simulator. */
  simulateRate?: number;
}

/**
 * `lakestream pipeline run`: the process `up` starts in the background. It supervises every service
 * (and the simulator), logs one JSON line per process event, and on SIGTERM or SIGINT stops them
 * all (SIGTERM, then SIGKILL past the grace period) before it exits.
 */
export async function pipelineRun(config: StackConfig, options: PipelineRunOptions): Promise<number> {
  const log = serviceLogger('pipeline');
  const extra: SupervisedSpec[] =
    options.simulateRate === undefined
      ? []
      : [
          {
            name: 'simulator',
            command: process.execPath,
            args: [cliMain, 'simulate', '--rate', String(options.simulateRate)],
            env: {},
            logFile: join(config.home, 'logs', 'pipeline', 'simulator.log'),
          },
        ];
  const pipeline = runPipeline(config, {
    extra,
    onEvent: (event) => {
      if (event.event === 'exited')
        log.warn(event, `${event.name} exited; restarting in ${event.restartInMs} ms`);
      else log.info(event, `${event.name} ${event.event}`);
    },
  });
  // The services restart on their own; the stack's Debezium task is kept running the same way.
  const connector = superviseConnector(config, connectorName, {
    intervalMs: 10_000,
    onRestart: (reason) =>
      log.warn(
        { event: 'connector_restarted', connector: connectorName, reason },
        'restarting a failed connector',
      ),
    onError: (error) =>
      log.warn({ event: 'connector_check_failed', connector: connectorName, err: error }, error.message),
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.info({ event: 'stopping' }, 'stopping the pipeline');
      connector.stop();
      await pipeline.stop();
      log.info({ event: 'stopped' }, 'pipeline stopped');
    })();
    return stopping;
  };
  const done = new Promise<void>((resolve) => {
    process.once('SIGTERM', () => void stop().then(resolve));
    process.once('SIGINT', () => void stop().then(resolve));
  });
  pipeline.start();
  log.info(
    { event: 'started', processes: pipeline.instances.map((i) => ({ name: i.name, port: i.httpPort })) },
    'pipeline running',
  );
  await done;
  return 0;
}

/** Starts `pipeline run` in the background, detached from this terminal, logging to the stack home. */
export function startPipelineProcess(config: StackConfig, options: PipelineRunOptions): number {
  mkdirSync(join(config.home, 'logs'), { recursive: true });
  const out = openSync(pipelineLog(config), 'a');
  try {
    const args = [
      cliMain,
      'pipeline',
      'run',
      ...(options.simulateRate === undefined ? [] : ['--rate', String(options.simulateRate)]),
    ];
    const child = spawn(process.execPath, args, {
      detached: true,
      stdio: ['ignore', out, out],
      env: process.env,
    });
    if (child.pid === undefined) throw new Error('could not start the pipeline process');
    child.unref();
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** SIGTERM to the pipeline process; waits while it stops its services (their grace period, and some). */
export async function stopPipelineProcess(config: StackConfig, timeoutMs = 60_000): Promise<boolean> {
  const pid = runningPipeline(config);
  if (pid === undefined) return false;
  process.kill(pid, 'SIGTERM');
  await waitFor(() => !isAlive(pid), {
    what: `the pipeline process ${pid} to stop`,
    timeoutMs,
    intervalMs: 200,
  });
  return true;
}
