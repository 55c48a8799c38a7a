import type { ChildService } from './child-service';

export interface KillMoment {
  kill: number;
  pid: number | undefined;
  /** Ms the killed process had lived. */
  afterMs: number;
  /** What the test saw at that moment (the tables' offsets, say). */
  note: string;
}

export interface KillLoopOptions {
  /** Starts incarnation `n` (0 first). */
  spawn: (n: number) => ChildService;
  kills: number;
  /** Resolves at the moment to SIGKILL incarnation `n`: after a random lifetime, say. */
  strike: (n: number) => Promise<void>;
  /** What the test sees as incarnation `n` is killed (the tables' offsets, say). */
  note: (n: number) => Promise<string>;
  log: (line: string) => void;
}

/**
 * A service that is SIGKILLed `kills` times, each time when `strike` says, and started again
 * at once: what a node failure or an OOM kill does to a pod, without the grace of SIGTERM. A process
 * that exits on its own meanwhile is recorded (the test decides what that means) and started again.
 */
export function killLoop(options: KillLoopOptions) {
  const moments: KillMoment[] = [];
  const ownExits: string[] = [];
  let incarnation = 0;
  let current = options.spawn(incarnation);
  let stopping = false;
  let stopped: () => void = () => undefined;
  const stopRequested = new Promise<void>((resolve) => {
    stopped = resolve;
  });

  const done = (async () => {
    for (let kill = 1; kill <= options.kills && !stopping; kill++) {
      await Promise.race([options.strike(incarnation), stopRequested]);
      if (stopping) break;
      const own = current.exitedOnItsOwn();
      if (own) ownExits.push(`incarnation ${incarnation} exited by itself: ${JSON.stringify(own)}`);
      const note = await options.note(incarnation).catch((error: Error) => `(no note: ${error.message})`);
      const afterMs = current.age();
      await current.stop('SIGKILL');
      moments.push({ kill, pid: current.pid, afterMs, note });
      options.log(
        `kill ${kill}: pid ${current.pid} SIGKILLed ${(afterMs / 1000).toFixed(2)} s after its start; ${note}`,
      );
      incarnation += 1;
      current = options.spawn(incarnation);
    }
  })();

  // Handled here so a failed strike is not an unhandled rejection before the test awaits `done`.
  done.catch(() => undefined);

  return {
    /** Resolves once every kill has been dealt (the last incarnation keeps running). */
    done,
    moments,
    ownExits: () => {
      const own = current.exitedOnItsOwn();
      return own
        ? [...ownExits, `incarnation ${incarnation} exited by itself: ${JSON.stringify(own)}`]
        : ownExits;
    },
    /** Ends the loop and the running incarnation with `signal`. */
    async stop(signal: NodeJS.Signals) {
      stopping = true;
      stopped();
      await done.catch(() => undefined); // the test saw it, through `done`
      await current.stop(signal);
    },
  };
}

/** A random moment's wait: the chaos itself, not a synchronisation (unref'd: it never holds a run open). */
export const pause = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });
