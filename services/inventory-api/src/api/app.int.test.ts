import type { AddressInfo } from 'node:net';
import { DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { loadStackConfig, localDynamoDbClient, mulberry32, uniqueName } from '@lakestream/stack';
import type { FastifyInstance } from 'fastify';
import { parse as losslessParse } from 'lossless-json';
import { Registry } from 'prom-client';
import { toItem } from '../attribute-value';
import { parseExactJson } from '../exact-json';
import { productKey, stockKey, warehouseStockPartition } from '../items';
import { ensureInventoryTable } from '../table';
import { buildApp } from './app';
import { fuzzCases } from './testing/request-fuzz';
import { answersTo, ruleBreaches } from './testing/response-rules';

const stack = loadStackConfig();
const keyA = 'key-tenant-a-0123456789';
const keyB = 'key-tenant-b-0123456789';
/** Items carry epoch µs; the clock counts ms. */
const committedAt = Date.parse('2025-03-01T10:00:00.000Z') * 1000;
const now = () => committedAt / 1000 + 5000;

let dynamo: DynamoDBClient;
let tableName: string;
let app: FastifyInstance;
let registry: Registry;

const product = (tenant: string, sku: string, extra: Record<string, unknown> = {}) => ({
  ...productKey(tenant, sku),
  kind: 'product',
  tenantId: tenant,
  sourceOrdinal: '00000001',
  committedAt,
  sku,
  name: `Product ${sku}`,
  category: 'electronics',
  subcategory: 'audio',
  brand: 'Acme',
  vendorId: 'V1',
  listPriceUsd: '19.99',
  active: true,
  attributes: { 'wattage (W)': 40, colors: ['red', 'blue'], nested: { 'a.b': true, n: null } },
  updatedAt: committedAt - 1_000_000 + 456,
  ...extra,
});

const stock = (tenant: string, sku: string, warehouse: string, available: number, extra = {}) => ({
  ...stockKey(tenant, sku, warehouse),
  gsi1pk: warehouseStockPartition(tenant, warehouse),
  gsi1sk: available,
  kind: 'stock',
  tenantId: tenant,
  sourceOrdinal: '00000002',
  committedAt: committedAt + available,
  sku,
  warehouseId: warehouse,
  onHand: available + 2,
  reserved: 2,
  available,
  reorderPoint: 10,
  updatedAt: committedAt,
  ...extra,
});

const put = (item: Record<string, unknown>) =>
  dynamo.send(new PutItemCommand({ TableName: tableName, Item: toItem(item) }));

interface Reply {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in expectations
  json: () => any;
}

/**
 * Requests over a real socket rather than `app.inject`: inject loads light-my-request, whose
 * dependency cookie@2 is ESM-only, which Jest's CommonJS runtime cannot require on Node 20.
 */
async function call(
  target: FastifyInstance,
  options: { method?: string; url: string; headers?: Record<string, string>; payload?: string },
): Promise<Reply> {
  const address = target.server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${address.port}${options.url}`, {
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    ...(options.payload === undefined ? {} : { body: options.payload }),
  });
  const body = await response.text();
  return {
    statusCode: response.status,
    headers: Object.fromEntries(response.headers),
    body,
    json: () => JSON.parse(body),
  };
}

const listening = async (target: FastifyInstance) => {
  await target.listen({ port: 0, host: '127.0.0.1' });
  return target;
};

const get = (url: string, headers: Record<string, string> = { 'x-api-key': keyA }) =>
  call(app, { url, headers });

const batchGet = (payload: unknown, headers: Record<string, string> = { 'x-api-key': keyA }) =>
  call(app, {
    method: 'POST',
    url: '/v1/inventory:batchGet',
    headers: { ...headers, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });

beforeAll(async () => {
  dynamo = localDynamoDbClient(stack);
  tableName = uniqueName('inventory-api');
  await ensureInventoryTable(dynamo, tableName);
  await Promise.all([
    put(product('a', 'SKU-1')),
    put(stock('a', 'SKU-1', 'WH-1', 5)),
    put(stock('a', 'SKU-1', 'WH-2', 30)),
    put(product('a', 'GONE', { deleted: true, expiresAt: 4_000_000_000 })),
    put(stock('a', 'GONE-STOCK', 'WH-1', 1, { deleted: true })),
    put(product('b', 'SKU-B')),
    put(stock('b', 'SKU-B', 'WH-1', 2)),
    // Seven low items in tenant a's WH-9, for pagination.
    ...Array.from({ length: 7 }, (_, i) => put(stock('a', `LOW-${i}`, 'WH-9', i))),
    put(stock('a', 'HIGH', 'WH-9', 500)),
    // As the projector stores source JSON: numbers DynamoDB cannot hold behind the marker, exact text.
    put(product('a', 'EXACT', { attributes: parseExactJson(exactAttributes) })),
  ]);
  registry = new Registry();
  app = await listening(
    await buildApp({
      dynamo,
      tableName,
      apiKeys: new Map([
        [keyA, 'a'],
        [keyB, 'b'],
      ]),
      metricsRegistry: registry,
      now,
    }),
  );
});

afterAll(async () => {
  await app?.close();
  await dynamo?.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  dynamo?.destroy();
});

const expectError = (response: Reply, status: number, code: string) => {
  expect(response.statusCode).toBe(status);
  expect(response.json()).toEqual({ error: { code, message: expect.any(String) } });
};

/** Numbers beyond DynamoDB's range and past 2^53, and an empty key: the API must answer the source's text. */
const exactAttributes =
  '{"huge":1e300,"tiny":1e-131,"big":12345678901234567890,"":"empty key","price":19.90}';

describe('inventory API on DynamoDB Local', () => {
  it('answers product attributes exactly as the source wrote them', async () => {
    const response = await get('/v1/products/EXACT');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    // Read back digit for digit (a map's key order is DynamoDB's own; so may be the spelling of an N).
    const { attributes } = losslessParse(response.body) as { attributes: Record<string, unknown> };
    const text = (value: unknown) => (value as { value?: string }).value;
    expect(text(attributes.huge)).toBe('1e300');
    expect(text(attributes.tiny)).toBe('1e-131');
    expect(text(attributes.big)).toBe('12345678901234567890');
    expect(Number(text(attributes.price))).toBe(19.9);
    expect(attributes['']).toBe('empty key');
    expect(response.json()).toMatchObject({ sku: 'EXACT', updatedAt: '2025-03-01T09:59:59.000456Z' });
  });

  it('serves a product with its attributes as stored, and freshness headers', async () => {
    const response = await get('/v1/products/SKU-1');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      sku: 'SKU-1',
      name: 'Product SKU-1',
      category: 'electronics',
      subcategory: 'audio',
      brand: 'Acme',
      vendorId: 'V1',
      listPriceUsd: '19.99',
      active: true,
      attributes: { 'wattage (W)': 40, colors: ['red', 'blue'], nested: { 'a.b': true, n: null } },
      updatedAt: '2025-03-01T09:59:59.000456Z',
      committedAt: '2025-03-01T10:00:00.000000Z',
    });
    expect(response.headers['x-data-committed-at']).toBe('2025-03-01T10:00:00.000000Z');
    expect(response.headers['x-data-age-ms']).toBe('5000');
    expect(response.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
  });

  it('answers 304 to a matching If-None-Match and 200 to a stale one', async () => {
    const first = await get('/v1/inventory/SKU-1');
    const etag = String(first.headers.etag);
    const again = await get('/v1/inventory/SKU-1', { 'x-api-key': keyA, 'if-none-match': `"x", W/${etag}` });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    const stale = await get('/v1/inventory/SKU-1', { 'x-api-key': keyA, 'if-none-match': '"stale"' });
    expect(stale.statusCode).toBe(200);
  });

  it('serves stock per warehouse and the total available', async () => {
    const response = await get('/v1/inventory/SKU-1');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ sku: 'SKU-1', totalAvailable: 35 });
    expect(
      body.warehouses.map((w: { warehouseId: string; available: number }) => [w.warehouseId, w.available]),
    ).toEqual([
      ['WH-1', 5],
      ['WH-2', 30],
    ]);
    expect(response.headers['x-data-committed-at']).toBe('2025-03-01T10:00:00.000030Z');
  });

  it('never lets a key read another tenant, and hides tombstones', async () => {
    expectError(await get('/v1/products/SKU-B'), 404, 'NOT_FOUND');
    expectError(await get('/v1/inventory/SKU-B'), 404, 'NOT_FOUND');
    expect((await get('/v1/products/SKU-B', { 'x-api-key': keyB })).statusCode).toBe(200);
    expectError(await get('/v1/products/SKU-1', { 'x-api-key': keyB }), 404, 'NOT_FOUND');
    expectError(await get('/v1/products/GONE'), 404, 'NOT_FOUND');
    expectError(await get('/v1/inventory/GONE'), 404, 'NOT_FOUND');
    const low = await get('/v1/warehouses/WH-1/low-stock?below=100', { 'x-api-key': keyB });
    expect(low.json().items.map((i: { sku: string }) => i.sku)).toEqual(['SKU-B']);
    const lowA = await get('/v1/warehouses/WH-1/low-stock?below=100');
    expect(lowA.json().items.map((i: { sku: string }) => i.sku)).toEqual(['SKU-1']);
  });

  it('rejects a missing or unknown API key with 401', async () => {
    expectError(await get('/v1/products/SKU-1', {}), 401, 'UNAUTHENTICATED');
    expectError(await get('/v1/products/SKU-1', { 'x-api-key': 'nope' }), 401, 'UNAUTHENTICATED');
  });

  it('reads many SKUs in one call, by partition query or by BatchGetItem', async () => {
    const byQuery = await batchGet({ skus: ['SKU-1', 'SKU-B', 'GONE', 'SKU-1', 'LOW-3'] });
    expect(byQuery.statusCode).toBe(200);
    expect(byQuery.json()).toMatchObject({
      items: [
        { sku: 'SKU-1', totalAvailable: 35 },
        { sku: 'LOW-3', totalAvailable: 3 },
      ],
      notFound: ['SKU-B', 'GONE'],
    });
    const byKeys = await batchGet({ skus: ['SKU-1', 'LOW-3', 'SKU-B'], warehouseIds: ['WH-2', 'WH-9'] });
    expect(byKeys.json()).toMatchObject({
      items: [
        { sku: 'SKU-1', totalAvailable: 30, warehouses: [{ warehouseId: 'WH-2' }] },
        { sku: 'LOW-3', totalAvailable: 3, warehouses: [{ warehouseId: 'WH-9' }] },
      ],
      notFound: ['SKU-B'],
    });
    const hundred = Array.from({ length: 100 }, (_, i) => `N-${i}`);
    const full = await batchGet({ skus: hundred, warehouseIds: ['WH-1', 'WH-2'] });
    expect(full.statusCode).toBe(200);
    expect(full.json().notFound).toHaveLength(100);
    expectError(await batchGet({ skus: [...hundred, 'N-100'] }), 400, 'VALIDATION_FAILED');
    expectError(await batchGet({ skus: [] }), 400, 'VALIDATION_FAILED');
  });

  it('pages low stock with an opaque cursor, lowest first', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const url = `/v1/warehouses/WH-9/low-stock?below=100&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await get(url);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...body.items.map((i: { sku: string }) => i.sku));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['LOW-0', 'LOW-1', 'LOW-2', 'LOW-3', 'LOW-4', 'LOW-5', 'LOW-6']);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('rejects a cursor from another tenant, warehouse or range, or a tampered one', async () => {
    const first = (await get('/v1/warehouses/WH-9/low-stock?below=100&limit=2')).json();
    const cursor = first.nextCursor as string;
    expect(typeof cursor).toBe('string');
    const bad = [
      `/v1/warehouses/WH-9/low-stock?below=100&cursor=${cursor}`,
      `/v1/warehouses/WH-1/low-stock?below=100&cursor=${cursor}`,
      `/v1/warehouses/WH-9/low-stock?below=1&cursor=${cursor}`,
      `/v1/warehouses/WH-9/low-stock?below=100&cursor=${cursor.slice(0, -4)}`,
      `/v1/warehouses/WH-9/low-stock?below=100&cursor=${Buffer.from('{"pk":"T#b#SKU#x","sk":"STOCK#WH-9","gsi1pk":"T#a#WH#WH-9","gsi1sk":"1"}').toString('base64url')}`,
    ];
    expectError(await get(bad[0] as string, { 'x-api-key': keyB }), 400, 'INVALID_CURSOR');
    for (const url of bad.slice(1)) expectError(await get(url), 400, 'INVALID_CURSOR');
  });

  it('answers malformed requests with a 4xx JSON code, never 5xx', async () => {
    expectError(await get('/v1/products/bad%20sku'), 400, 'VALIDATION_FAILED');
    expectError(await get('/v1/products/a%23b'), 400, 'VALIDATION_FAILED');
    expectError(await get('/v1/warehouses/WH-9/low-stock?below=-1'), 400, 'VALIDATION_FAILED');
    expectError(await get('/v1/warehouses/WH-9/low-stock?below=x'), 400, 'VALIDATION_FAILED');
    expectError(await get('/v1/warehouses/WH-9/low-stock'), 400, 'VALIDATION_FAILED');
    expectError(await get('/v1/warehouses/WH-9/low-stock?below=5&limit=101'), 400, 'VALIDATION_FAILED');
    expectError(await get('/v1/warehouses/WH-9/low-stock?below=5&cursor=***'), 400, 'VALIDATION_FAILED');
    const notJson = await call(app, {
      method: 'POST',
      url: '/v1/inventory:batchGet',
      headers: { 'x-api-key': keyA, 'content-type': 'application/json' },
      payload: '{"skus": [',
    });
    expectError(notJson, 400, 'MALFORMED_REQUEST');
    const text = await call(app, {
      method: 'POST',
      url: '/v1/inventory:batchGet',
      headers: { 'x-api-key': keyA, 'content-type': 'text/plain' },
      payload: 'SKU-1',
    });
    expectError(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
    // A body is taken as sent: no type coercion turns false, 1 or "A" into what the schema wants.
    expectError(await batchGet({ skus: 'SKU-1' }), 400, 'VALIDATION_FAILED');
    expectError(await batchGet({ skus: [42] }), 400, 'VALIDATION_FAILED');
    expectError(await batchGet({ skus: ['SKU-1'], warehouseIds: [false] }), 400, 'VALIDATION_FAILED');
    expectError(await batchGet({ skus: ['SKU-1'], warehouseIds: [1] }), 400, 'VALIDATION_FAILED');
    expectError(await batchGet({ skus: ['SKU-1'], extra: true }), 400, 'VALIDATION_FAILED');
    expectError(await batchGet({ skus: { a: 1 } }), 400, 'VALIDATION_FAILED');
    expectError(await batchGet({ skus: [{}] }), 400, 'VALIDATION_FAILED');
    expectError(await batchGet({ skus: ['bad sku'] }), 400, 'VALIDATION_FAILED');
    expectError(await batchGet({ skus: ['A'], warehouseIds: [] }), 400, 'VALIDATION_FAILED');
    expectError(await batchGet(null), 400, 'VALIDATION_FAILED');
    expectError(await get('/v1/products/%E0%A4%A'), 400, 'MALFORMED_REQUEST');
    expectError(await get(`/v1/products/${'X'.repeat(33)}`), 400, 'VALIDATION_FAILED');
    expectError(await get(`/v1/products/${'X'.repeat(101)}`), 414, 'URI_TOO_LONG');
    expectError(await get('/v1/warehouses/WH-9/low-stock?below=5&limt=2'), 400, 'VALIDATION_FAILED');
    expectError(await call(app, { method: 'DELETE', url: '/v1/products/SKU-1' }), 405, 'METHOD_NOT_ALLOWED');
    const options = await call(app, { method: 'OPTIONS', url: '/v1/inventory:batchGet' });
    expectError(options, 405, 'METHOD_NOT_ALLOWED');
    expect(options.headers.allow).toBe('POST');
    expectError(await get('/v1/nothing'), 404, 'NOT_FOUND');
  });

  it('answers requests of any shape below 500 on DynamoDB Local too, which refuses what a stub takes', async () => {
    const port = (app.server.address() as AddressInfo).port;
    const answers = await answersTo(port, fuzzCases(mulberry32(20_251_207), 300, keyA));
    // This app has no stock event feed, so its event stream route is a documented 503 throughout.
    const noFeed = (body: string) => body.includes('stock events are not enabled');
    expect(ruleBreaches(answers.filter((a) => !noFeed(a.response.body)))).toEqual([]);
    expect(answers.filter((a) => a.response.status === 200).length).toBeGreaterThan(0);
  }, 60_000);

  it('answers 503 UNAVAILABLE, not 500, while DynamoDB refuses connections or the table is missing', async () => {
    const refusing = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    const apps = await Promise.all([
      buildApp({
        dynamo: refusing,
        tableName,
        apiKeys: new Map([[keyA, 'a']]),
        metricsRegistry: new Registry(),
      }),
      buildApp({
        dynamo,
        tableName: `${tableName}-missing`,
        apiKeys: new Map([[keyA, 'a']]),
        metricsRegistry: new Registry(),
      }),
    ]);
    try {
      for (const other of apps) {
        await listening(other);
        expectError(
          await call(other, { url: '/v1/inventory/SKU-1', headers: { 'x-api-key': keyA } }),
          503,
          'UNAVAILABLE',
        );
        const batch = await call(other, {
          method: 'POST',
          url: '/v1/inventory:batchGet',
          headers: { 'x-api-key': keyA, 'content-type': 'application/json' },
          payload: JSON.stringify({ skus: ['SKU-1'], warehouseIds: ['WH-1'] }),
        });
        expectError(batch, 503, 'UNAVAILABLE');
        expectError(await call(other, { url: '/readyz' }), 503, 'UNAVAILABLE');
      }
    } finally {
      await Promise.all(apps.map((other) => other.close()));
      refusing.destroy();
    }
  });

  it('publishes an OpenAPI document of every route with the API key scheme', async () => {
    const response = await call(app, { url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/v1/inventory/{sku}',
      '/v1/inventory/{sku}/events',
      '/v1/inventory:batchGet',
      '/v1/products/{sku}',
      '/v1/warehouses/{id}/low-stock',
    ]);
    expect(doc.components.securitySchemes.apiKey).toEqual({
      type: 'apiKey',
      in: 'header',
      name: 'x-api-key',
    });
    expect(doc.paths['/v1/products/{sku}'].get.security).toEqual([{ apiKey: [] }]);
  });

  it('serves health, readiness and metrics by route and status, with DynamoDB latency', async () => {
    expect((await call(app, { url: '/healthz' })).statusCode).toBe(200);
    expect((await call(app, { url: '/readyz' })).statusCode).toBe(200);
    const text = (await call(app, { url: '/metrics' })).body;
    expect(text).toMatch(
      /lakestream_api_request_seconds_count\{method="GET",route="\/v1\/products\/:sku",status_code="200"\} \d+/,
    );
    expect(text).toMatch(/lakestream_api_request_seconds_count\{[^}]*status_code="404"\}/);
    expect(text).toMatch(/lakestream_api_dynamodb_seconds_count\{operation="Query",outcome="ok"\} \d+/);
    const other = await listening(
      await buildApp({
        dynamo,
        tableName: `${tableName}-missing`,
        apiKeys: new Map(),
        metricsRegistry: new Registry(),
      }),
    );
    try {
      expectError(await call(other, { url: '/readyz' }), 503, 'UNAVAILABLE');
    } finally {
      await other.close();
    }
  });
});
