export interface WaitOptions {
  /** What is awaited, for the error message when the deadline passes. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
}

export class DeadlineError extends Error {
  constructor(what: string, timeoutMs: number, lastError?: unknown) {
    const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
    super(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    this.name = 'DeadlineError';
  }
}

type Condition<T> = () => Promise<T | undefined | false> | T | undefined | false;

/**
 * The loop both waits share: polls `condition` until it yields a value; after each miss, `giveUp`
 * (given the condition's last error) returns the error that ends the wait, or how long to sleep.
 */
async function poll<T>(
  condition: Condition<T>,
  giveUp: (lastError: unknown) => Promise<Error | number> | Error | number,
): Promise<T> {
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    const next = await giveUp(lastError);
    if (next instanceof Error) throw next;
    await new Promise((resolve) => setTimeout(resolve, next));
  }
}

/**
 * Polls `condition` until it returns a value other than undefined/false, or the deadline passes.
 * A throwing condition counts as "not yet"; its last error is reported if the deadline passes.
 */
export function waitFor<T>(condition: Condition<T>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  return poll(condition, (lastError) =>
    Date.now() >= deadline
      ? new DeadlineError(options.what, options.timeoutMs, lastError)
      : Math.min(interval, Math.max(0, deadline - Date.now())),
  );
}

export interface ProgressWaitOptions extends WaitOptions {
  /** Gives up sooner when `progress` has said the same for this long: the work stopped. */
  stallMs: number;
  /** Said in the error when it gives up, e.g. where the work stands. */
  describe?: () => Promise<string> | string;
}

export class StalledError extends Error {
  constructor(what: string, stallMs: number, state: string) {
    super(`no progress for ${stallMs} ms while waiting for ${what}${state ? `: ${state}` : ''}`);
    this.name = 'StalledError';
  }
}

/**
 * `waitFor` for work whose length depends on the machine (a pipeline draining a backlog on shared
 * cores): it waits for as long as `progress` keeps changing, up to `timeoutMs`, and gives up after
 * `stallMs` without a change. So a slow day passes and a stuck pipeline fails early, saying where.
 */
export function waitWhileProgressing<T>(
  condition: Condition<T>,
  progress: () => Promise<unknown> | unknown,
  options: ProgressWaitOptions,
): Promise<T> {
  const started = Date.now();
  const state = async () =>
    options.describe
      ? await Promise.resolve()
          .then(options.describe)
          .catch(() => '')
      : '';
  let last: string | undefined;
  let movedAt = started;
  return poll(condition, async (lastError) => {
    // A progress reading that fails says nothing: it neither moves nor stalls the clock by itself.
    const now = await Promise.resolve()
      .then(progress)
      .then((p) => JSON.stringify(p))
      .catch(() => undefined);
    if (now !== undefined && now !== last) {
      last = now;
      movedAt = Date.now();
    }
    if (Date.now() - movedAt >= options.stallMs)
      return new StalledError(options.what, options.stallMs, await state());
    if (Date.now() - started >= options.timeoutMs) {
      const where = await state();
      return new DeadlineError(`${options.what}${where ? ` (${where})` : ''}`, options.timeoutMs, lastError);
    }
    return options.intervalMs ?? 100;
  });
}
