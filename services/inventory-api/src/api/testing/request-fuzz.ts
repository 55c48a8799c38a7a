import type { RawRequest } from './raw-http';

export interface FuzzCase {
  request: RawRequest;
  /**
   * The OpenAPI path the request was built on, when its path has that path's shape (any parameter
   * value, but one segment), so what it gets must be documented there.
   */
  template?: string;
}

/** Picks from a seeded stream of [0, 1) numbers, so a failing case is reproduced by its seed. */
class Draw {
  constructor(private readonly next: () => number) {}
  chance = (p: number) => this.next() < p;
  int = (min: number, max: number) => min + Math.floor(this.next() * (max - min + 1));
  pick = <T>(items: readonly T[]): T => items[Math.floor(this.next() * items.length)] as T;
  text(length: number, alphabet: readonly string[]): string {
    return Array.from({ length }, () => this.pick(alphabet)).join('');
  }
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

// Path parameter values as they go on the wire: valid, at and over every length limit (the schema's
// 32, find-my-way's 100, Node's 16 KiB of head), and percent-encodings that decode to nothing valid.
const idValues = [
  ...[
    'ACME-TEC-00001',
    'A',
    'x.y_z-1',
    '-A',
    '~',
    'é',
    'a\tb',
    'a\\b',
    'a"b',
    'a<b>',
    '{a}',
    'a|b',
    'a+b',
    'a;b',
  ],
  ...[32, 33, 100, 101, 4000].map((n) => 'X'.repeat(n)),
  // Separators, NUL, lone or bad escapes, overlong UTF-8, double encoding.
  ...'%2e%2e a%2Fb a%23b a%20b %00 % %zz %C0%AF %E0%A4%A %C3%A9 %F0%9F%92%A9 %FF %25 A%2520B'.split(' '),
];
const idAlphabet = 'A z 0 - _ . ~ % %2F %41 %E2%82 %C3%A9 : @ ! * +'.split(' ');

const templates = [
  { path: '/v1/products/{sku}', method: 'GET', at: (v: string) => `/v1/products/${v}` },
  { path: '/v1/inventory/{sku}', method: 'GET', at: (v: string) => `/v1/inventory/${v}` },
  { path: '/v1/inventory/{sku}/events', method: 'GET', at: (v: string) => `/v1/inventory/${v}/events` },
  {
    path: '/v1/warehouses/{id}/low-stock',
    method: 'GET',
    at: (v: string) => `/v1/warehouses/${v}/low-stock`,
  },
  { path: '/v1/inventory:batchGet', method: 'POST', at: () => '/v1/inventory:batchGet' },
];
const validIds = ['ACME-TEC-00001', 'A', 'x.y_z-1', 'X'.repeat(32)];
const otherPaths = [
  ...'/ * /v1 /v1/ /v1/products /v1/products/ /v1/inventory:batchget /v1/inventory%3AbatchGet'.split(' '),
  ...'/v1/inventory:batchGet/x /v1/products/A/B //v1/products/A /V1/products/A /v1/inventory/A/events/more'.split(
    ' ',
  ),
  ...'/openapi.json /healthz /readyz /metrics /metrics/ /%2e%2e/%2e%2e/etc/passwd /v1/warehouses//low-stock'.split(
    ' ',
  ),
  ...['http://127.0.0.1/v1/products/A', '/v1/products/A#frag'],
];

// Mostly what clients send; then every other kind: WebDAV, unknown, lower-case, not a token.
const methods = [
  ...'GET GET GET GET POST POST POST HEAD PUT PATCH DELETE OPTIONS PROPFIND TRACE SEARCH QUERY'.split(' '),
  ...'M-SEARCH LOCK PURGE CONNECT FOO get G\u00e9T'.split(' '),
];

function queryString(d: Draw): string {
  const cursors = [
    b64({ pk: 'T#a#SKU#X', sk: 'STOCK#W', gsi1pk: 'T#a#WH#ACME-TEC-00001', gsi1sk: '1' }),
    b64({
      pk: 'T#a#SKU#X',
      sk: 'STOCK#W',
      gsi1pk: 'T#a#WH#ACME-TEC-00001',
      gsi1sk: d.pick(['1e999', '-0', 'NaN', '9'.repeat(40)]),
    }),
    b64({ pk: 1, sk: [], gsi1pk: {}, gsi1sk: null }),
    b64([]),
    b64('x'),
    'e30',
    '',
    'AAAA',
    '%',
    '***',
    'A'.repeat(1024),
    'A'.repeat(1025),
    Buffer.from([0xff, 0xfe, 0x00]).toString('base64url'),
  ];
  const params = [
    () =>
      `below=${d.pick(['5', '0', '-1', '1.5', '1e3', '0x10', ' 5', '1000000001', 'x', '', '%35', 'true', '5%00'])}`,
    () => `limit=${d.pick(['1', '100', '0', '101', 'x', '', '-5'])}`,
    () => `cursor=${d.pick(cursors)}`,
    () =>
      d.pick([
        'below[]=1',
        'unknown=1',
        '=',
        '&&',
        '%',
        '%zz=1',
        'a=%',
        `pad=${'q'.repeat(d.int(1, 20_000))}`,
      ]),
  ];
  const parts = Array.from({ length: d.int(0, 3) }, () => d.pick(params)());
  if (d.chance(0.8)) parts.unshift('below=5');
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function jsonBody(d: Draw): Buffer {
  const ids = (n: number) =>
    Array.from({ length: n }, () => d.pick(['ACME-TEC-00001', 'A', 'W-1', 'X'.repeat(32)]));
  const odd = [false, 1, null, [], {}, '', 'X'.repeat(33), 'a b', -0, 'é'];
  const values: unknown[] = [
    { skus: ids(d.int(1, 3)) },
    { skus: ids(d.int(1, 3)), warehouseIds: ids(d.int(1, 3)) },
    { skus: ids(1), warehouseIds: [d.pick(odd)] },
    { skus: [d.pick(odd)] },
    { skus: d.pick(odd) },
    { skus: ids(1), warehouseIds: d.pick(odd) },
    { skus: ids(101) },
    { skus: ids(100), warehouseIds: ids(25) },
    { skus: ids(1), warehouseIds: ids(26) },
    { skus: ids(1), extra: true },
    {},
    [],
    null,
    'skus',
    7,
  ];
  const texts = [
    JSON.stringify(d.pick(values)),
    '{"skus":["A"],"__proto__":{"polluted":1}}',
    '{"skus":["A"],"constructor":{"prototype":{"polluted":1}}}',
    '{"skus":["A"],"skus":[1]}',
    '{"skus":["A"],"warehouseIds":[1e400]}',
    '\ufeff{"skus":["A"]}',
    '{"skus":["A"]}trailing',
    '{"skus": [',
    '',
    '['.repeat(d.int(1, 60_000)),
  ];
  // Over the 64 KiB body limit, and at it.
  if (d.chance(0.08)) return Buffer.from(`{"skus":["A"],"pad":"${'p'.repeat(d.int(64_000, 70_000))}"}`);
  // A JSON string holding bytes that are not UTF-8.
  if (d.chance(0.1))
    return Buffer.concat([Buffer.from('{"skus":["'), Buffer.from([0xff, 0xc3]), Buffer.from('"]}')]);
  return Buffer.from(d.pick(texts));
}

/** Splits a body into chunks (RFC 9112 §7.1), sometimes with a malformed size line. */
function chunked(d: Draw, body: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; ) {
    const size = Math.min(body.length - at, d.int(1, 4096));
    parts.push(Buffer.from(`${size.toString(16)}\r\n`), body.subarray(at, at + size), Buffer.from('\r\n'));
    at += size;
  }
  parts.push(Buffer.from(d.chance(0.1) ? 'zz\r\n\r\n' : '0\r\n\r\n'));
  return Buffer.concat(parts);
}

function headers(d: Draw, apiKey: string): [string, string][] {
  const out: [string, string][] = [];
  const key = d.chance(0.85) ? apiKey : d.pick(['', 'nope', `${apiKey}x`, 'k'.repeat(8000), null, 'dup']);
  if (key === 'dup') out.push(['x-api-key', apiKey], ['x-api-key', apiKey]);
  else if (key !== null) out.push(['x-api-key', key]);
  if (d.chance(0.3))
    out.push(['accept', d.pick(['application/json', 'text/event-stream', '*/*', 'text/html', ';;'])]);
  if (d.chance(0.35)) out.push(['if-none-match', d.pick(['*', '*', '*', '"x"', 'W/"x"', ',,,', 'garbage'])]);
  if (d.chance(0.1)) {
    out.push(
      d.pick<[string, string]>([
        ['x-big', 'b'.repeat(d.int(10_000, 20_000))],
        ['expect', '100-continue'],
        ['expect', 'nonsense'],
        ['x@y', '1'],
        ['x-ctl', 'a\u0001b'],
        ['host', ''],
        ['connection', 'keep-alive'],
        ['upgrade', 'websocket'],
        ['content-length', d.pick(['-1', 'abc', '1, 2'])],
        ['x-unicode', 'caf\u00e9'],
      ]),
    );
  }
  if (d.chance(0.03)) for (let i = 0; i < 300; i++) out.push([`x-h${i}`, 'v']);
  return out;
}

/** `count` requests of every shape, the same ones for the same random stream. */
export function fuzzCases(random: () => number, count: number, apiKey: string): FuzzCase[] {
  const d = new Draw(random);
  return Array.from({ length: count }, () => {
    let method = d.pick(methods);
    let target: string;
    let template: string | undefined;
    if (d.chance(0.8)) {
      const t = d.pick(templates);
      // Mostly the method and values a client would send, so the answers are not all 400 and 405.
      if (d.chance(0.65)) method = t.method;
      const kind = d.int(1, 4);
      const value =
        kind <= 2 ? d.pick(validIds) : kind === 3 ? d.pick(idValues) : d.text(d.int(1, 40), idAlphabet);
      target = t.at(value);
      // A value that is one segment keeps the path's shape; `.` and `..` could be resolved away.
      if (!/[/?#]/.test(value) && value !== '.' && value !== '..') template = t.path;
      if (t.path.endsWith('low-stock') ? d.chance(0.9) : d.chance(0.2)) target += queryString(d);
    } else {
      target = d.pick(otherPaths);
      if (d.chance(0.3)) target += queryString(d);
    }
    const requestHeaders = headers(d, apiKey);
    let body: Buffer | undefined;
    if (method === 'POST' ? d.chance(0.9) : d.chance(0.15)) {
      body = jsonBody(d);
      const type = d.pick([
        'application/json',
        'application/json',
        'application/json; charset=utf-8',
        'application/json; charset=latin1',
        'APPLICATION/JSON',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
        'application/xml',
        '',
        ';;;',
        null,
      ]);
      if (type !== null) requestHeaders.push(['content-type', type]);
      if (d.chance(0.15)) {
        body = chunked(d, body);
        requestHeaders.push(['transfer-encoding', 'chunked']);
      }
    }
    return {
      request: { method, target, headers: requestHeaders, ...(body ? { body } : {}) },
      ...(template ? { template } : {}),
    };
  });
}
