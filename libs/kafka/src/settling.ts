/**
 * The broker's answers while a partition's leadership settles (a topic just created, a broker just
 * back): retrying after a moment succeeds. kafkajs retries some requests on them itself, not all:
 * its ListOffsets gives up on NOT_LEADER_FOR_PARTITION at once.
 */
const SETTLING = new Set([
  'NOT_LEADER_FOR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR',
  'REQUEST_TIMED_OUT',
]);

/** Whether the error (or one it wraps) is the broker saying it is settling. */
export function isSettling(error: unknown): boolean {
  for (let at = error, depth = 0; at && depth < 5; depth += 1) {
    const { type, cause } = at as { type?: unknown; cause?: unknown };
    if (typeof type === 'string' && SETTLING.has(type)) return true;
    at = cause;
  }
  return false;
}

/** Runs `call` again while the broker is settling, backing off up to 2 s, until `timeoutMs` has passed. */
export async function whenSettled<T>(
  call: () => Promise<T>,
  options: { timeoutMs?: number; now?: () => number; wait?: (ms: number) => Promise<void> } = {},
): Promise<T> {
  const now = options.now ?? Date.now;
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + (options.timeoutMs ?? 30_000);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!isSettling(error) || now() >= deadline) throw error;
      await wait(Math.min(2_000, 100 * 2 ** attempt));
    }
  }
}
