import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root, from src/ (jest) and dist/ (node) alike. */
const repoRoot = join(__dirname, '..', '..', '..');

export interface ChildService {
  readonly pid: number | undefined;
  /** Ms since the process was spawned. */
  age(): number;
  /** Whether the process ended by itself (not by a signal this side sent), with its exit code. */
  exitedOnItsOwn(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Sends the signal and resolves once the process has exited. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/**
 * A built service (`services/<service>/dist/<script>`, relative to the repository root) as its own
 * process, as it runs in production, its stdout and stderr appended to `logFile` so a failing test
 * can be explained.
 */
export function spawnService(script: string, env: Record<string, string>, logFile: string): ChildService {
  const out = openSync(logFile, 'a');
  const started = Date.now();
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  let signalled = false;
  let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      resolve();
    });
  });
  return {
    pid: child.pid,
    age: () => Date.now() - started,
    exitedOnItsOwn: () => (signalled ? undefined : ended),
    async stop(signal) {
      if (!ended) {
        signalled = true;
        child.kill(signal);
      }
      await exited;
    },
  };
}
