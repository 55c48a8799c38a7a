/**
 * The closed list of this package's error codes (STYLE.md practice 5), with whether retrying helps.
 */
export const kafkaErrorCodes = {
  /**
   * A record (an output, or the dead letter of its input) larger than its topic accepts. It is as
   * large on every retry, so its input is dead-lettered and the original bytes stored aside.
   */
  RECORD_TOO_LARGE: { canRetry: false },
  /**
   * Another producer initialised the transactional id of an input partition: the partition is
   * another instance's now (or this one's successor's). The work is dropped, never retried here.
   */
  PRODUCER_FENCED: { canRetry: false },
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

/**
 * The transaction coordinator or a partition leader refused this producer's epoch: a newer producer
 * initialised the same transactional id (KIP-98 fencing). Brokers answer the request versions kafkajs
 * 2.2.4 speaks with INVALID_PRODUCER_EPOCH (code 47); PRODUCER_FENCED (code 90, KIP-588) belongs to
 * newer versions, and kafkajs, which does not know it, would report it as an unknown code 90.
 */
export function isFenced(error: unknown): boolean {
  for (let at = error, depth = 0; at && depth < 5; depth += 1) {
    const { type, message, cause } = at as { type?: unknown; message?: unknown; cause?: unknown };
    if (type === 'INVALID_PRODUCER_EPOCH' || type === 'PRODUCER_FENCED') return true;
    if (type === 'KAFKAJS_UNKNOWN_ERROR_CODE' && String(message).includes('code 90')) return true;
    at = cause;
  }
  return false;
}

const membershipTypes = new Set([
  'UNKNOWN_MEMBER_ID',
  'ILLEGAL_GENERATION',
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
]);

/**
 * The broker's own error when a group member's commit was refused because the member left the group
 * (expelled after a long pause) or a rebalance is under way. kafkajs rejoins on these when they reach
 * its consume loop, but `commitOffsets` throws them wrapped in a non-retriable error, which would
 * crash the consumer instead: throwing the unwrapped error from eachBatch makes kafkajs rejoin.
 */
export function groupMembershipError(error: unknown): Error | undefined {
  for (let at = error, depth = 0; at && depth < 5; depth += 1) {
    const { type, cause } = at as { type?: unknown; cause?: unknown };
    if (typeof type === 'string' && membershipTypes.has(type)) return at as Error;
    at = cause;
  }
  return undefined;
}
