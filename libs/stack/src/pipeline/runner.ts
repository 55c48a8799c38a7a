import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StackConfig } from '../config';
import { repoRoot } from '../servers/context';
import { type SupervisedSpec, type SupervisorEvent, supervisor } from '../supervisor';
import { type PipelineLayout, pipelineServices, type ServiceInstance } from './services';

/** Where the running pipeline says what it is: its pid, and its processes' ports and states. */
export const pipelinePidFile = (config: StackConfig) => join(config.home, 'run', 'pipeline.pid');
export const pipelineStateFile = (config: StackConfig) => join(config.home, 'run', 'pipeline.json');
export const pipelineLogDir = (config: StackConfig) => join(config.home, 'logs', 'pipeline');

export interface PipelineState {
  pid: number;
  startedAt: string;
  processes: {
    name: string;
    service: string;
    httpPort: number | undefined;
    state: string;
    pid: number | undefined;
    restarts: number;
  }[];
}

export interface RunOptions {
  layout?: PipelineLayout;
  /** Extra supervised processes beside the services (the simulator). */
  extra?: readonly SupervisedSpec[];
  onEvent?: (event: SupervisorEvent) => void;
  /** SIGTERM → SIGKILL; the services' own shutdown deadline is 25 s. */
  graceMs?: number;
}

/** A service instance as the supervisor runs it: node on its built entry point, logs in the stack home. */
export function serviceSpec(config: StackConfig, instance: ServiceInstance): SupervisedSpec {
  return {
    name: instance.name,
    command: process.execPath,
    args: [join(repoRoot, instance.script)],
    env: instance.env,
    cwd: repoRoot,
    logFile: join(pipelineLogDir(config), `${instance.name}.log`),
  };
}

/**
 * The pipeline's processes under one supervisor, with a state file the CLI's status and live view
 * read (refreshed every second) and a pid file `lakestream down` signals. `stop` ends them all.
 */
export function runPipeline(config: StackConfig, options: RunOptions = {}) {
  const instances = pipelineServices(config, options.layout);
  const specs = [...instances.map((i) => serviceSpec(config, i)), ...(options.extra ?? [])];
  const ports = new Map(instances.map((i) => [i.name, { service: i.service, httpPort: i.httpPort }]));
  const processes = supervisor(specs, {
    graceMs: options.graceMs ?? 30_000,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const startedAt = new Date().toISOString();
  const writeState = () => {
    const state: PipelineState = {
      pid: process.pid,
      startedAt,
      processes: processes.status().map((s) => ({
        name: s.name,
        service: ports.get(s.name)?.service ?? s.name,
        httpPort: ports.get(s.name)?.httpPort,
        state: s.state,
        pid: s.pid,
        restarts: s.restarts,
      })),
    };
    mkdirSync(dirname(pipelineStateFile(config)), { recursive: true });
    writeFileSync(pipelineStateFile(config), `${JSON.stringify(state, null, 2)}\n`);
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    instances,
    supervisor: processes,
    start() {
      processes.start();
      mkdirSync(dirname(pipelinePidFile(config)), { recursive: true });
      writeFileSync(pipelinePidFile(config), `${process.pid}\n`);
      writeState();
      timer = setInterval(writeState, 1_000);
    },
    async stop() {
      if (timer) clearInterval(timer);
      await processes.stop();
      writeState();
      rmSync(pipelinePidFile(config), { force: true });
    },
  };
}
