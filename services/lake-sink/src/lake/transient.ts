// Whether a failed commit is worth retrying as it is. Transient: the warehouse or the network
// (S3 5xx, throttling, timeouts, refused or reset connections, a full disk), or too many writers at
// once. Not transient: everything else, above all a row the encoder refuses (PARQUET_BAD_VALUE),
// which fails the same way on every retry and is looked for among the batch's records instead.

/** Node and undici error codes of a network or resource failure that may pass (errno names). */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EMFILE',
  'ENFILE',
  'EAGAIN',
  'EBUSY',
  'ENOSPC',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** AWS error names of throttling and server trouble (S3 error codes, SDK timeout errors). */
const TRANSIENT_NAMES: ReadonlySet<string> = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'ServiceUnavailable',
  'InternalError',
]);

interface ErrorFacts {
  canRetry?: unknown;
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  $retryable?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

export function isTransient(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const facts = error as ErrorFacts;
  // Our own errors say so (STYLE.md practice 5): @lakestream/iceberg's only retryable one is a lost
  // commit race (ICEBERG_COMMIT_CONFLICT, after the catalog's own attempts ran out).
  if (typeof facts.canRetry === 'boolean') return facts.canRetry;
  // The AWS SDK marks what its own retry strategy would retry (throttling, transient HTTP statuses).
  if (facts.$retryable || facts.$fault === 'server') return true;
  const status = facts.$metadata?.httpStatusCode;
  if (typeof status === 'number' && (status >= 500 || status === 429 || status === 408)) return true;
  if (typeof facts.name === 'string' && TRANSIENT_NAMES.has(facts.name)) return true;
  if (typeof facts.code === 'string' && TRANSIENT_CODES.has(facts.code)) return true;
  return isTransient(facts.cause, depth + 1);
}
