import { codesWithStatus } from './errors';

/** What each error status means on this API; the codes it carries come from the closed list. */
const meaning: Record<number, string> = {
  400: 'The request does not fit this operation: a parameter or body against its schema, an undecodable URL or JSON body, or a cursor not from this query',
  401: 'x-api-key missing or unknown',
  404: 'No such item for the tenant of this key (another tenant’s data reads as absent too)',
  405: 'Not a method of this path; the `allow` header lists the ones it has',
  408: 'The request headers did not arrive in time',
  413: 'Body over 64 KiB',
  414: 'A path segment over 100 characters',
  415: 'A body that is not `application/json`',
  417: 'An `Expect` other than 100-continue',
  431: 'Request headers over 16 KiB',
  500: 'A fault of the server (logged); not the request’s',
  503: 'DynamoDB unreachable, throttling or without its table, or the server shutting down; retry',
};

/**
 * Response entries of the shared error body for `statuses`, each described with its meaning and the
 * codes it can carry, so the document lists every status an operation answers with.
 */
export function errorResponses(statuses: number[], overrides: Record<number, string> = {}) {
  return Object.fromEntries(
    statuses.map((status) => {
      const codes = codesWithStatus(status);
      if (codes.length === 0) throw new Error(`no error code has status ${status}`);
      const text = overrides[status] ?? meaning[status] ?? '';
      return [status, { description: `${text} (${codes.join(', ')})`, $ref: 'ApiError#' }];
    }),
  );
}

/** Statuses every /v1 operation can answer with, whatever its parameters. */
export const everyOperation = [400, 401, 405, 408, 417, 431, 500, 503];
/** With a path parameter: find-my-way refuses a segment over its maxParamLength (100). */
export const withPathParams = [...everyOperation, 414];
/** With a JSON body. */
export const withBody = [...everyOperation, 413, 415];
