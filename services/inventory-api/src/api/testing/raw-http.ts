import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** The request target exactly as it goes on the wire: percent-encodings, odd bytes and all. */
  target: string;
  headers: [string, string][];
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  /** Lower-case names; a repeated header's values joined with `, `. */
  headers: Record<string, string>;
  body: string;
}

const has = (request: RawRequest, name: RegExp) => request.headers.some(([header]) => name.test(header));

/**
 * The request as HTTP/1.1 bytes: a `host`, `connection: close` and a `content-length` for the body
 * unless the request brings its own.
 */
export function requestBytes(request: RawRequest): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  if (!has(request, /^host$/i)) lines.push('host: 127.0.0.1');
  if (!has(request, /^connection$/i)) lines.push('connection: close');
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (request.body && !has(request, /^(content-length|transfer-encoding)$/i)) {
    lines.push(`content-length: ${request.body.length}`);
  }
  return Buffer.concat([
    Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'),
    request.body ?? Buffer.alloc(0),
  ]);
}

/** A chunked body, or undefined while its last chunk has not arrived. */
function dechunk(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  for (let at = 0; ; ) {
    const eol = data.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const size = Number.parseInt(data.subarray(at, eol).toString('latin1'), 16);
    if (size === 0) return Buffer.concat(parts);
    if (data.length < eol + 2 + size + 2) return undefined;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/**
 * The final response in `data` (after any interim 1xx such as 100 Continue), or undefined while it
 * is incomplete. A HEAD request's, a 204's and a 304's carry no body whatever their headers say; a
 * body with neither length nor chunks runs to the close (`closed`).
 */
export function parseResponse(data: Buffer, method: string, closed: boolean): RawResponse | undefined {
  let rest = data;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine = '', ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const match = /^HTTP\/1\.1 (\d{3})/.exec(statusLine);
    if (!match) throw new Error(`not an HTTP/1.1 status line: ${JSON.stringify(statusLine)}`);
    const status = Number(match[1]);
    rest = rest.subarray(end + 4);
    if (status < 200) continue;
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    let body: Buffer | undefined;
    if (method === 'HEAD' || status === 204 || status === 304) body = Buffer.alloc(0);
    else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(rest);
    else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      body = rest.length >= length ? rest.subarray(0, length) : undefined;
    } else body = closed ? rest : undefined;
    return body === undefined ? undefined : { status, headers, body: body.toString('utf8') };
  }
}

/**
 * Sends raw bytes to a server on loopback and reads its response: unlike fetch or http.request,
 * nothing is normalised or refused on the way out, so the server's HTTP parser sees exactly the
 * shapes a test means it to. Rejects if no complete response arrives within `timeoutMs`.
 */
export function exchange(port: number, request: RawRequest, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const socket = connect({ port, host: '127.0.0.1' });
    const finish = (closed: boolean) => {
      let response: RawResponse | undefined;
      try {
        response = parseResponse(data, request.method, closed);
      } catch (error) {
        response = undefined;
        if (closed) return fail(error as Error);
      }
      if (response) {
        clearTimeout(timer);
        socket.destroy();
        resolve(response);
      } else if (closed) {
        fail(new Error(`connection closed after ${JSON.stringify(data.toString('latin1').slice(0, 300))}`));
      }
    };
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`no complete response within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      finish(false);
    });
    // The server may close while a large body is still being written; what it answered is what counts.
    socket.on('error', () => undefined);
    socket.on('close', () => finish(true));
    socket.write(requestBytes(request));
  });
}
