/**
 * The closed list of this package's error codes (STYLE.md practice 5), with whether retrying helps.
 */
export const kafkaErrorCodes = {
  /**
   * A record (an output, or the dead letter of its input) larger than its topic accepts. It is as
   * large on every retry, so its input is dead-lettered and the original bytes stored aside.
   */
  RECORD_TOO_LARGE: { canRetry: false },
} as const;

export type KafkaErrorCode = keyof typeof kafkaErrorCodes;

/**
 * The broker's answer to a batch above the topic's `max.message.bytes` (MESSAGE_TOO_LARGE, code 10)
 * or above its segment size (RECORD_LIST_TOO_LARGE, code 18). kafkajs marks both non-retriable and
 * wraps them (KafkaJSNonRetriableError with the protocol error as `cause`), so the chain is searched.
 */
export function isTooLarge(error: unknown): boolean {
  for (let at = error, depth = 0; at && depth < 5; depth += 1) {
    const { type, cause } = at as { type?: unknown; cause?: unknown };
    if (type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE') return true;
    at = cause;
  }
  return false;
}
