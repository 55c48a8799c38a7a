import type { StackConfig } from '../config';
import { waitFor } from '../wait';
import { partContext } from './context';
import type { PartContext, PartName, StackPart } from './part';
import { isAlive, logFile, pidFile, portIsFree, readPid, startDetached, tailFile } from './processes';

export interface UpReporter {
  progress(part: PartName, message: string): void;
  ready(part: PartName, outcome: 'started' | 'already running', elapsedMs: number): void;
}

export class PartFailedError extends Error {
  constructor(
    readonly part: PartName,
    readonly reason: string,
    readonly logTail: string,
  ) {
    super(`${part} did not come up: ${reason}\n--- last lines of ${part}'s log ---\n${logTail}`);
    this.name = 'PartFailedError';
  }
}

/**
 * Brings every part up, each as soon as the parts it depends on are ready, so independent servers
 * install and start in parallel. A part that is already running and answering is left alone.
 */
export async function stackUp(
  config: StackConfig,
  parts: readonly StackPart[],
  reporter: UpReporter,
): Promise<void> {
  const started = new Map<PartName, Promise<void>>();
  const byName = new Map(parts.map((p) => [p.name, p]));
  const bring = (part: StackPart): Promise<void> => {
    const existing = started.get(part.name);
    if (existing) return existing;
    const promise = (async () => {
      await Promise.all(
        part.dependsOn.map((dep) => {
          const dependency = byName.get(dep);
          if (!dependency) throw new Error(`${part.name} depends on unknown part ${dep}`);
          return bring(dependency);
        }),
      );
      await bringOne(config, part, reporter);
    })();
    started.set(part.name, promise);
    return promise;
  };
  const results = await Promise.allSettled(parts.map(bring));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  // A part whose dependency failed rejects with that same error; report each failure once.
  const distinct = [...new Set(failures)];
  if (distinct.length === 1) throw distinct[0];
  if (distinct.length > 1) throw new StackUpError(distinct);
}

export class StackUpError extends Error {
  constructor(readonly failures: Error[]) {
    super(failures.map((f) => f.message).join('\n\n'));
    this.name = 'StackUpError';
  }
}

async function bringOne(config: StackConfig, part: StackPart, reporter: UpReporter): Promise<void> {
  const begun = Date.now();
  const ctx = partContext(config, part, (message) => reporter.progress(part.name, message));
  const pidPath = pidFile(config.home, part.name);
  const logPath = logFile(config.home, part.name);
  const fail = async (reason: string) => new PartFailedError(part.name, reason, await tailFile(logPath));

  const runningPid = readPid(pidPath);
  if (runningPid !== undefined && isAlive(runningPid)) {
    await waitUntilReady(part, ctx, runningPid).catch(async (e: Error) => {
      throw await fail(`running as pid ${runningPid} but not answering: ${e.message}`);
    });
    await part.provision?.(ctx);
    reporter.ready(part.name, 'already running', Date.now() - begun);
    return;
  }

  try {
    await part.install(ctx);
    await part.prepare(ctx);
  } catch (error) {
    throw await fail(`install failed: ${(error as Error).message}`);
  }
  for (const port of part.ports(config)) {
    if (!(await portIsFree(port))) {
      throw await fail(`port ${config.host}:${port} is already in use by another program`);
    }
  }
  ctx.progress('starting');
  const pid = startDetached(part.process(ctx), logPath, pidPath);
  try {
    await waitUntilReady(part, ctx, pid);
  } catch (error) {
    throw await fail((error as Error).message);
  }
  try {
    await part.provision?.(ctx);
  } catch (error) {
    throw await fail(`provisioning failed: ${(error as Error).message}`);
  }
  reporter.ready(part.name, 'started', Date.now() - begun);
}

async function waitUntilReady(part: StackPart, ctx: PartContext, pid: number): Promise<void> {
  const outcome = await waitFor(
    async () => {
      if (!isAlive(pid)) return 'exited' as const;
      return (await part.probe(ctx)) ? ('ready' as const) : false;
    },
    { what: `${part.name} to answer`, timeoutMs: part.readyTimeoutMs, intervalMs: 200 },
  );
  if (outcome === 'exited') throw new Error(`process ${pid} exited during start-up`);
}
