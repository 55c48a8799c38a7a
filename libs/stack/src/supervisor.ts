import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** One long-running process the supervisor keeps alive: a service instance of the pipeline. */
export interface SupervisedSpec {
  /** Unique among the specs: `cdc-ingest`, `lake-sink-2`. */
  name: string;
  command: string;
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  cwd?: string;
  /** Where its stdout and stderr go (appended). */
  logFile: string;
}

export type SupervisedState = 'starting' | 'running' | 'backing-off' | 'stopping' | 'stopped';

export interface SupervisedStatus {
  name: string;
  state: SupervisedState;
  pid: number | undefined;
  /** Times it was started again after it died. */
  restarts: number;
  /** Ms since the current incarnation started (or since it died, while backing off). */
  sinceMs: number;
  lastExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
}

export type SupervisorEvent =
  | { event: 'started'; name: string; pid: number; restarts: number }
  | {
      event: 'exited';
      name: string;
      pid: number;
      code: number | null;
      signal: NodeJS.Signals | null;
      restartInMs: number;
    }
  | { event: 'stopped'; name: string; pid: number; forced: boolean };

export interface SupervisorOptions {
  /** First wait before a restart; each quick death doubles it, up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A process that lived this long before dying starts the backoff over. */
  healthyAfterMs?: number;
  /** SIGTERM, then SIGKILL after this long (the services' own shutdown deadline, plus a margin). */
  graceMs?: number;
  onEvent?: (event: SupervisorEvent) => void;
  now?: () => number;
}

interface Slot {
  spec: SupervisedSpec;
  child: ChildProcess | undefined;
  state: SupervisedState;
  restarts: number;
  since: number;
  backoffMs: number;
  timer: NodeJS.Timeout | undefined;
  lastExit: SupervisedStatus['lastExit'];
  exited: Promise<void>;
}

/**
 * Keeps a set of processes running, as a process manager (or Kubernetes) would: each is restarted
 * with exponential backoff when it dies, however it dies, and `stop` ends them with SIGTERM and,
 * past the grace period, SIGKILL. Logs go to one file per process. No state outlives the supervisor.
 */
export function supervisor(specs: readonly SupervisedSpec[], options: SupervisorOptions = {}) {
  const now = options.now ?? Date.now;
  const initial = options.initialBackoffMs ?? 1_000;
  const max = options.maxBackoffMs ?? 30_000;
  const healthyAfter = options.healthyAfterMs ?? 60_000;
  const grace = options.graceMs ?? 30_000;
  const emit = options.onEvent ?? (() => undefined);
  const names = new Set<string>();
  for (const spec of specs) {
    if (names.has(spec.name)) throw new Error(`two supervised processes are named ${spec.name}`);
    names.add(spec.name);
  }
  const slots = new Map<string, Slot>(
    specs.map((spec) => [
      spec.name,
      {
        spec,
        child: undefined,
        state: 'stopped' as SupervisedState,
        restarts: 0,
        since: now(),
        backoffMs: initial,
        timer: undefined,
        lastExit: undefined,
        exited: Promise.resolve(),
      },
    ]),
  );
  let stopping = false;

  function launch(slot: Slot) {
    const { spec } = slot;
    mkdirSync(dirname(spec.logFile), { recursive: true });
    const out = openSync(spec.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(spec.command, [...spec.args], {
        cwd: spec.cwd,
        env: { ...process.env, ...spec.env },
        stdio: ['ignore', out, out],
      });
    } finally {
      closeSync(out);
    }
    slot.child = child;
    slot.state = 'running';
    slot.since = now();
    slot.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        slot.lastExit = { code, signal };
        slot.child = undefined;
        resolve();
        onExit(slot, child.pid ?? 0, code, signal);
      });
    });
    // A command that cannot be spawned at all exits through the same path, with code null.
    child.once('error', () => undefined);
    if (child.pid !== undefined)
      emit({ event: 'started', name: spec.name, pid: child.pid, restarts: slot.restarts });
  }

  function onExit(slot: Slot, pid: number, code: number | null, signal: NodeJS.Signals | null) {
    if (stopping || slot.state === 'stopping' || slot.state === 'stopped') {
      slot.state = 'stopped';
      return;
    }
    const lived = now() - slot.since;
    slot.backoffMs = lived >= healthyAfter ? initial : slot.backoffMs;
    const wait = slot.backoffMs;
    slot.backoffMs = Math.min(max, slot.backoffMs * 2);
    slot.state = 'backing-off';
    slot.since = now();
    emit({ event: 'exited', name: slot.spec.name, pid, code, signal, restartInMs: wait });
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (stopping) return;
      slot.restarts += 1;
      launch(slot);
    }, wait);
    slot.timer.unref();
  }

  async function end(slot: Slot) {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    const child = slot.child;
    if (!child || child.exitCode !== null) {
      slot.state = 'stopped';
      return;
    }
    slot.state = 'stopping';
    const pid = child.pid ?? 0;
    child.kill('SIGTERM');
    let forced = false;
    const deadline = setTimeout(() => {
      forced = true;
      child.kill('SIGKILL');
    }, grace);
    await slot.exited;
    clearTimeout(deadline);
    slot.state = 'stopped';
    emit({ event: 'stopped', name: slot.spec.name, pid, forced });
  }

  const get = (name: string) => {
    const slot = slots.get(name);
    if (!slot) throw new Error(`no supervised process is named ${name}`);
    return slot;
  };

  return {
    start() {
      stopping = false;
      for (const slot of slots.values()) if (!slot.child && !slot.timer) launch(slot);
    },

    /** SIGTERM to every process at once, SIGKILL to any still there after the grace period. */
    async stop() {
      stopping = true;
      await Promise.all([...slots.values()].map(end));
    },

    status(): SupervisedStatus[] {
      return [...slots.values()].map((slot) => ({
        name: slot.spec.name,
        state: slot.state,
        pid: slot.child?.pid,
        restarts: slot.restarts,
        sinceMs: now() - slot.since,
        lastExit: slot.lastExit,
      }));
    },

    /** Sends a signal to one process (chaos: SIGKILL); the supervisor restarts it as after any death. */
    signal(name: string, signal: NodeJS.Signals): number | undefined {
      const child = get(name).child;
      if (!child?.pid) return undefined;
      child.kill(signal);
      return child.pid;
    },

    /** Stops one process (SIGTERM, then SIGKILL past the grace period) and keeps it stopped. */
    async pause(name: string) {
      await end(get(name));
    },

    /** Starts a paused process again. */
    resume(name: string) {
      const slot = get(name);
      if (!slot.child && !slot.timer) launch(slot);
    },

    /** The pid of the named process's current incarnation, if it is running. */
    pidOf(name: string): number | undefined {
      return get(name).child?.pid;
    },
  };
}

export type Supervisor = ReturnType<typeof supervisor>;
