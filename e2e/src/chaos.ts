import { randomInt } from 'node:crypto';
import {
  lineReporter,
  type PartName,
  type StackConfig,
  stackDown,
  stackParts,
  stackUp,
} from '@lakestream/stack';
import type { PipelineWorld } from './world';

/** Stops one server of the stack and brings it back (the others are reused as they run). */
export async function restartPart(
  stack: StackConfig,
  name: PartName,
  log: (line: string) => void,
): Promise<number> {
  const part = stackParts.find((p) => p.name === name);
  if (!part) throw new Error(`no stack part ${name}`);
  const started = Date.now();
  const quiet = lineReporter(() => undefined);
  await stackDown(stack, [part], quiet, { purge: false });
  log(`${name} stopped`);
  await stackUp(stack, stackParts, quiet);
  const ms = Date.now() - started;
  log(`${name} back after ${(ms / 1000).toFixed(1)} s`);
  return ms;
}

export interface ChaosReport {
  kills: { process: string; pid: number | undefined; at: number }[];
  restarts: { part: string; ms: number }[];
}

/**
 * What a lag-based autoscaler and a bad day do to the consumers while `until` is pending: every few
 * seconds a random consumer instance is SIGKILLed (its partitions move to its twin while the
 * supervisor brings it back), and once each, Kafka Connect and the Kafka broker itself restart.
 */
export async function chaos(
  world: PipelineWorld,
  until: Promise<unknown>,
  log: (line: string) => void,
): Promise<ChaosReport> {
  const report: ChaosReport = { kills: [], restarts: [] };
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const consumers = world.pipeline.instances.filter((i) => i.service !== 'inventory-api').map((i) => i.name);
  const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
  let step = 0;
  while (!done) {
    // A random moment, not a synchronisation: the chaos itself.
    await pause(randomInt(3_000, 8_000));
    if (done) break;
    step += 1;
    if (step === 3) {
      report.restarts.push({ part: 'connect', ms: await restartPart(world.stack, 'connect', log) });
      await world.reregister();
      continue;
    }
    if (step === 6) {
      report.restarts.push({ part: 'kafka', ms: await restartPart(world.stack, 'kafka', log) });
      await world.revive();
      continue;
    }
    const victim = consumers[randomInt(0, consumers.length)] as string;
    const pid = world.pipeline.supervisor.signal(victim, 'SIGKILL');
    report.kills.push({ process: victim, pid, at: Date.now() });
    log(`SIGKILL ${victim} (pid ${pid})`);
  }
  // What the loop did not reach before the workload ended still happens, so every run has both.
  if (!report.restarts.some((r) => r.part === 'connect')) {
    report.restarts.push({ part: 'connect', ms: await restartPart(world.stack, 'connect', log) });
    await world.reregister();
  }
  if (!report.restarts.some((r) => r.part === 'kafka')) {
    report.restarts.push({ part: 'kafka', ms: await restartPart(world.stack, 'kafka', log) });
    await world.revive();
  }
  return report;
}
