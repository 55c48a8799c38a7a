import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** The closed list of error codes the API answers with, each with its HTTP status. */
export const apiErrors = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  INVALID_CURSOR: 400,
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ApiErrorCode = keyof typeof apiErrors;

export class ApiError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = apiErrors[code];
  }
}

export const errorBody = (code: ApiErrorCode, message: string) => ({ error: { code, message } });

/** JSON schema of every error body, for the route schemas and the OpenAPI document. */
export const errorSchema = {
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

/** Fastify's own 4xx errors (body parsing, limits, media types) mapped to our codes. */
function codeForClientError(error: FastifyError): ApiErrorCode {
  if (error.statusCode === 413) return 'PAYLOAD_TOO_LARGE';
  if (error.statusCode === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (error.statusCode === 404) return 'NOT_FOUND';
  if (error.statusCode === 405) return 'METHOD_NOT_ALLOWED';
  return 'MALFORMED_REQUEST';
}

/**
 * One error handler: schema violations and unparseable input are the client's fault (4xx, with a
 * code), anything else is ours (500 INTERNAL, logged, no internals in the body).
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof ApiError) {
    void reply.code(error.statusCode).send(errorBody(error.code, error.message));
    return;
  }
  if (error.validation) {
    void reply.code(400).send(errorBody('VALIDATION_FAILED', error.message));
    return;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    void reply.code(status).send(errorBody(codeForClientError(error), error.message));
    return;
  }
  request.log.error({ event: 'request_failed', err: error }, 'request failed');
  void reply.code(500).send(errorBody('INTERNAL', 'internal error'));
}
