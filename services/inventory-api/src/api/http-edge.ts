import { type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ApiErrorCode, apiErrors, errorBody } from './errors';

/**
 * Requests Node answers before Fastify sees them, each answered here with the API's error body
 * instead of Node's or Fastify's own, so no request of any shape gets a reply outside the closed
 * list of codes. https://nodejs.org/api/http.html#event-clienterror and the events below it.
 */
function writeError(socket: Duplex, code: ApiErrorCode, message: string, headers: string[] = []): void {
  if (!socket.writable) return;
  const status = apiErrors[code];
  const body = JSON.stringify(errorBody(code, message));
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    ...headers,
  ];
  socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/** Node's parser refused the request: a malformed request line or header, or too many header bytes. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    writeError(socket, 'HEADERS_TOO_LARGE', 'request line and headers over 16 KiB');
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    writeError(socket, 'REQUEST_TIMEOUT', 'the request did not arrive in time');
  } else {
    writeError(socket, 'MALFORMED_REQUEST', 'the request is not valid HTTP/1.1');
  }
  socket.destroy(error);
}

/** `methodsFor`: the methods a path has (route-table.ts), for the 405 a CONNECT gets. */
export function answerBeforeFastify(server: Server, methodsFor: (path: string) => string[]): void {
  // Without a listener Node drops a CONNECT's socket unanswered. An authority-form target
  // (`host:port`, the usual one) is no resource here: its `allow` is empty.
  server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    const allow = methodsFor((request.url ?? '').split('?')[0] ?? '').join(', ');
    writeError(socket, 'METHOD_NOT_ALLOWED', 'CONNECT is not supported: this server is no proxy', [
      `allow: ${allow}`,
    ]);
    socket.destroy();
  });
  // An Expect other than 100-continue: Node's own 417 has an empty body.
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const body = JSON.stringify(
      errorBody(
        'EXPECTATION_FAILED',
        `Expect: ${String(request.headers.expect).slice(0, 100)} is not supported`,
      ),
    );
    response.writeHead(apiErrors.EXPECTATION_FAILED, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    });
    response.end(body);
  });
}
