import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mulberry32 } from '@lakestream/stack';
import { waitFor } from '@lakestream/testkit';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { buildApp } from './app';
import { exchange, type RawRequest } from './testing/raw-http';
import { fuzzCases } from './testing/request-fuzz';
import { type Answer, answersTo, ruleBreaches } from './testing/response-rules';

/**
 * The API's contract against requests of every shape, on the real HTTP stack of the app (Node's
 * parser, Fastify's router, the schemas) over loopback, with a DynamoDB stub that finds nothing.
 * Raw sockets rather than `app.inject`: inject bypasses Node's HTTP parser, whose refusals are part
 * of what a client can get (and under Jest on Node 20 it cannot load light-my-request's ESM-only
 * cookie@2). FUZZ_SEED reproduces a run; FUZZ_CASES sets its size.
 */
const seed = Number(process.env.FUZZ_SEED ?? 20_251_206);
const count = Number(process.env.FUZZ_CASES ?? 2000);
const apiKey = 'key-tenant-a-0123456789';

interface OpenApiDoc {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
}

let app: FastifyInstance;
let port: number;
let registry: Registry;

beforeAll(async () => {
  registry = new Registry();
  const dynamo = { send: async () => ({}) } as unknown as DynamoDBClient;
  app = await buildApp({
    dynamo,
    tableName: 'inventory',
    apiKeys: new Map([[apiKey, 'a']]),
    metricsRegistry: registry,
    stockEvents: { start: async () => undefined, stop: async () => undefined },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
  await waitFor(
    async () => (await send({ method: 'GET', target: '/readyz', headers: [] })).body.includes('running'),
    {
      what: 'the stock events feed to run',
      timeoutMs: 5000,
    },
  );
});

afterAll(async () => {
  await app?.close();
});

const send = (request: RawRequest) => exchange(port, request, 10_000);
const key: [string, string] = ['x-api-key', apiKey];
const json = (body: unknown): Pick<RawRequest, 'headers' | 'body'> => ({
  headers: [key, ['content-type', 'application/json']],
  body: Buffer.from(JSON.stringify(body)),
});

/** find-my-way's `/x/:id` and `/v1/inventory::batchGet` as OpenAPI writes them. */
const toOpenApi = (url: string) =>
  url
    .split('/')
    .map((s) => (s.startsWith(':') && !s.startsWith('::') ? `{${s.slice(1)}}` : s.replace(/::/g, ':')))
    .join('/');

describe('strict request schemas', () => {
  it.each([
    ['warehouseIds: [false]', { skus: ['A'], warehouseIds: [false] }],
    ['warehouseIds: [1]', { skus: ['A'], warehouseIds: [1] }],
    ['warehouseIds: [null]', { skus: ['A'], warehouseIds: [null] }],
    ['skus: "A" (no array)', { skus: 'A' }],
    ['skus: [true]', { skus: [true] }],
    ['an unknown property', { skus: ['A'], extra: 1 }],
    ['a SKU of 33 characters', { skus: ['X'.repeat(33)] }],
  ])('answers 400 VALIDATION_FAILED to a body with %s, not a coerced read', async (_name, body) => {
    const response = await send({ method: 'POST', target: '/v1/inventory:batchGet', ...json(body) });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe('VALIDATION_FAILED');
  });

  it('still reads numbers from the query string, and refuses unknown or repeated parameters', async () => {
    const get = (target: string) => send({ method: 'GET', target, headers: [key] });
    expect((await get('/v1/warehouses/WH-1/low-stock?below=5&limit=2')).status).toBe(200);
    for (const query of ['below=5&limt=2', 'below=5&below=6', 'below=5&cursor=a&cursor=b', 'below=five']) {
      const response = await get(`/v1/warehouses/WH-1/low-stock?${query}`);
      expect([query, response.status]).toEqual([query, 400]);
    }
    expect((await get('/v1/products/A?x=1')).status).toBe(400);
  });

  it('takes SKUs up to the source column’s 32 characters, and answers longer ones with a 4xx code', async () => {
    const status = async (sku: string) => {
      const response = await send({ method: 'GET', target: `/v1/products/${sku}`, headers: [key] });
      return [response.status, JSON.parse(response.body).error.code];
    };
    expect(await status('X'.repeat(32))).toEqual([404, 'NOT_FOUND']);
    expect(await status('X'.repeat(33))).toEqual([400, 'VALIDATION_FAILED']);
    expect(await status('X'.repeat(101))).toEqual([414, 'URI_TOO_LONG']);
    expect(await status('X'.repeat(20_000))).toEqual([431, 'HEADERS_TOO_LARGE']);
  });
});

describe('methods', () => {
  it.each([
    ['HEAD', '/v1/inventory:batchGet', 'POST'],
    ['OPTIONS', '/v1/products/A', 'GET, HEAD'],
    ['PATCH', '/v1/inventory/A', 'GET, HEAD'],
    ['DELETE', '/v1/warehouses/W/low-stock', 'GET, HEAD'],
    ['PUT', '/v1/inventory:batchGet', 'POST'],
    ['PROPFIND', '/v1/products/A/', 'GET, HEAD'],
    ['HEAD', '/v1/inventory/A/events', 'GET'],
    ['POST', '/openapi.json', 'GET, HEAD'],
  ])('answers %s %s with 405 and allow: %s', async (method, target, allow) => {
    const response = await send({ method, target, headers: [key] });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe(allow);
    if (method !== 'HEAD') expect(JSON.parse(response.body).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers unknown paths 404 and methods Node itself refuses with a code too', async () => {
    const notFound = await send({ method: 'GET', target: '/v1/nothing', headers: [key] });
    expect([notFound.status, JSON.parse(notFound.body).error.code]).toEqual([404, 'NOT_FOUND']);
    const connect = await send({ method: 'CONNECT', target: '127.0.0.1:80', headers: [] });
    expect([connect.status, connect.headers.allow]).toEqual([405, '']);
    const unknown = await send({ method: 'FOO', target: '/v1/products/A', headers: [key] });
    expect([unknown.status, JSON.parse(unknown.body).error.code]).toEqual([400, 'MALFORMED_REQUEST']);
  });
});

describe(`requests of any shape (seed ${seed}, ${count} cases)`, () => {
  const observed: Answer[] = [];
  let doc: OpenApiDoc;

  beforeAll(async () => {
    observed.push(...(await answersTo(port, fuzzCases(mulberry32(seed), count, apiKey))));
    doc = JSON.parse((await send({ method: 'GET', target: '/openapi.json', headers: [] })).body);
  }, 120_000);

  it('never get a 5xx, and every error is JSON with a code of the closed list and its status', () => {
    const failures = ruleBreaches(observed);
    expect(failures).toEqual([]);
  });

  it('reach every kind of answer, so the cases above prove something', () => {
    const statuses = new Set(observed.map((o) => o.response.status));
    for (const status of [200, 304, 400, 401, 404, 405, 413, 414, 415, 417, 431]) {
      expect([status, statuses.has(status)]).toEqual([status, true]);
    }
    const codes = new Set(
      observed
        .filter((o) => o.response.status >= 400 && o.fuzz.request.method !== 'HEAD')
        .map((o) => JSON.parse(o.response.body).error.code),
    );
    expect([...codes].sort()).toEqual(
      expect.arrayContaining([
        'INVALID_CURSOR',
        'MALFORMED_REQUEST',
        'UNSUPPORTED_MEDIA_TYPE',
        'VALIDATION_FAILED',
      ]),
    );
  });

  it('document every route, and only routes, in /openapi.json', () => {
    const routes = app.routeTable
      .routes()
      .filter((r) => !r.hidden)
      .map((r) => `${r.method.toLowerCase()} ${toOpenApi(r.url)}`)
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
      .sort();
    expect(documented).toEqual(routes);
    expect(routes).toContain('post /v1/inventory:batchGet');
  });

  it('document every status a route answered with', async () => {
    // Answered before any route is chosen (Node's parser, the Expect check), whatever the method.
    const beforeRouting = new Set([400, 408, 417, 431]);
    const undocumented = new Set<string>();
    for (const { fuzz, response } of observed) {
      const path = fuzz.template;
      if (!path) continue;
      const operations = doc.paths[path] ?? {};
      const operation = operations[fuzz.request.method.toLowerCase()];
      if (operation) {
        if (!(String(response.status) in operation.responses)) {
          undocumented.add(`${fuzz.request.method} ${path} ${response.status}`);
        }
      } else if (response.status === 405) {
        const documentedMethods = Object.keys(operations)
          .map((m) => m.toUpperCase())
          .sort();
        expect([path, response.headers.allow?.split(', ').sort()]).toEqual([path, documentedMethods]);
      } else if (!beforeRouting.has(response.status)) {
        undocumented.add(`${fuzz.request.method} ${path} ${response.status}`);
      }
    }
    // And by the app's own request metrics, which name the route each answer came from.
    const metric = registry.getSingleMetric('lakestream_api_request_seconds') as unknown as {
      get(): Promise<{ values: { metricName?: string; labels: Record<string, string | number> }[] }>;
    };
    for (const { metricName, labels } of (await metric.get()).values) {
      if (!metricName?.endsWith('_count') || labels.route === 'unmatched') continue;
      const path = toOpenApi(String(labels.route));
      const operation = doc.paths[path]?.[String(labels.method).toLowerCase()];
      if (operation && !(String(labels.status_code) in operation.responses)) {
        undocumented.add(`${labels.method} ${path} ${labels.status_code}`);
      }
    }
    expect([...undocumented].sort()).toEqual([]);
  });
});
