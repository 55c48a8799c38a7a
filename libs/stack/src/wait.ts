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

/**
 * Polls `condition` until it returns a value other than undefined/false, or the deadline passes.
 * A throwing condition counts as "not yet"; its last error is reported if the deadline passes.
 */
export async function waitFor<T>(
  condition: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) throw new DeadlineError(options.what, options.timeoutMs, lastError);
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(interval, Math.max(0, deadline - Date.now()))),
    );
  }
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
export async function waitWhileProgressing<T>(
  condition: () => Promise<T | undefined | false> | T | undefined | false,
  progress: () => Promise<unknown> | unknown,
  options: ProgressWaitOptions,
): Promise<T> {
  const started = Date.now();
  const interval = options.intervalMs ?? 100;
  const state = async () =>
    options.describe
      ? await Promise.resolve()
          .then(options.describe)
          .catch(() => '')
      : '';
  let last: string | undefined;
  let movedAt = started;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
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
      throw new StalledError(options.what, options.stallMs, await state());
    if (Date.now() - started >= options.timeoutMs) {
      const where = await state();
      throw new DeadlineError(`${options.what}${where ? ` (${where})` : ''}`, options.timeoutMs, lastError);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
