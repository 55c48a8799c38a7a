import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from '../config';
import type { PartName, StackPart } from './part';
import { stackParts } from './parts';
import { isAlive, pidFile, processesMentioning, readPid, removePidFile, stopGroup } from './processes';

export interface DownReporter {
  stopped(part: PartName, outcome: 'stopped' | 'killed' | 'not running'): void;
  strayKilled(pid: number, command: string): void;
}

/**
 * Stops parts in reverse dependency order (Connect before Kafka and MariaDB, so it can flush its
 * offsets), each with a grace period before SIGKILL. `purge` then removes all state.
 */
export async function stackDown(
  config: StackConfig,
  parts: readonly StackPart[],
  reporter: DownReporter,
  options: { purge: boolean; graceMs?: number },
): Promise<void> {
  for (const wave of reverseDependencyWaves(parts)) {
    await Promise.all(
      wave.map(async (part) => {
        const pidPath = pidFile(config.home, part.name);
        const pid = readPid(pidPath);
        if (pid === undefined || !isAlive(pid)) {
          removePidFile(pidPath);
          reporter.stopped(part.name, 'not running');
          return;
        }
        const outcome = await stopGroup(pid, options.graceMs ?? 30_000);
        removePidFile(pidPath);
        reporter.stopped(part.name, outcome);
      }),
    );
  }
  // A part started by hand or whose pid file was lost would survive the loop above. Only the parts
  // being stopped are swept: restarting one part must leave the others (and other stacks) running.
  const markers = strayMarkers(config, parts);
  const strays = () => markers.flatMap((marker) => processesMentioning(marker));
  for (const stray of strays()) {
    reporter.strayKilled(stray.pid, stray.command);
    await stopGroup(stray.pid, 5_000);
  }
  const left = strays();
  if (left.length > 0) {
    throw new Error(`still running after down: ${left.map((p) => `${p.pid} ${p.command}`).join('; ')}`);
  }
  if (options.purge) rmSync(config.home, { recursive: true, force: true });
}

/**
 * What a stray's command line names: a part's state folder; with every part stopped, anything under
 * the stack home. The trailing separator keeps `~/lakestream` from matching `~/lakestream-b`.
 */
export function strayMarkers(config: StackConfig, parts: readonly StackPart[]): string[] {
  const all = stackParts.every((known) => parts.some((part) => part.name === known.name));
  if (all) return [`${config.home}/`];
  return parts.map((part) => `${join(config.home, part.name)}/`);
}

/** Groups parts so each group depends only on later groups: dependents stop first. */
export function reverseDependencyWaves(parts: readonly StackPart[]): StackPart[][] {
  const remaining = new Set(parts);
  const waves: StackPart[][] = [];
  while (remaining.size > 0) {
    const wave = [...remaining].filter(
      (part) => ![...remaining].some((other) => other !== part && other.dependsOn.includes(part.name)),
    );
    if (wave.length === 0) throw new Error('dependency cycle among stack parts');
    for (const part of wave) remaining.delete(part);
    waves.push(wave);
  }
  return waves;
}
