import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The closed list of error codes the API answers with, each with its HTTP status: every error body
 * carries one of these, and its status is always the one listed here.
 */
export const apiErrors = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  INVALID_CURSOR: 400,
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  EXPECTATION_FAILED: 417,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ApiErrorCode = keyof typeof apiErrors;

/** The codes answered with `status`, for the OpenAPI descriptions. */
export const codesWithStatus = (status: number): ApiErrorCode[] =>
  (Object.keys(apiErrors) as ApiErrorCode[]).filter((code) => apiErrors[code] === status);

export class ApiError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.statusCode = apiErrors[code];
  }
}

export const errorBody = (code: ApiErrorCode, message: string) => ({ error: { code, message } });

/** JSON schema of every error body; registered once as `ApiError`, referenced by every route. */
export const errorSchema = {
  $id: 'ApiError',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(apiErrors) },
        message: { type: 'string' },
      },
    },
  },
} as const;

/** Fastify's own 4xx errors (body parsing, limits, media types, the router) by status. */
const clientErrorCodes: Partial<Record<number, ApiErrorCode>> = {
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  431: 'HEADERS_TOO_LARGE',
};

// Fastify's messages quote the request (a whole over-long URL, for one); a reply needs none of it.
const clip = (message: string) => (message.length > 200 ? `${message.slice(0, 200)}…` : message);

/**
 * One error handler: schema violations and unparseable input are the client's fault (4xx, with a
 * code), anything else is ours (500 INTERNAL, logged, no internals in the body). A 4xx status with
 * no code of its own becomes 400 MALFORMED_REQUEST, so status and code never disagree.
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof ApiError) {
    // An outage behind the API (DynamoDB) is worth a line with what it was; a refusal is not.
    if (error.cause !== undefined)
      request.log.warn({ event: 'request_unavailable', err: error.cause }, error.message);
    void reply.code(error.statusCode).send(errorBody(error.code, error.message));
    return;
  }
  if (error.validation) {
    void reply.code(400).send(errorBody('VALIDATION_FAILED', clip(error.message)));
    return;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = clientErrorCodes[status] ?? 'MALFORMED_REQUEST';
    void reply.code(apiErrors[code]).send(errorBody(code, clip(error.message)));
    return;
  }
  request.log.error({ event: 'request_failed', err: error }, 'request failed');
  void reply.code(500).send(errorBody('INTERNAL', 'internal error'));
}
