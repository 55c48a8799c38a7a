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
