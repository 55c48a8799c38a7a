/**
 * SKUs and warehouse ids as the source columns hold them (`VARCHAR(32) CHARACTER SET ascii`,
 * db/globalmart/schema.sql), less what would break a key or a path: no spaces, slashes or `#`.
 * cdc-ingest's quality rules admit a narrower form still (upper case, `-`-joined); the API stays at
 * the column's, so a relaxed rule never makes an existing id unaddressable.
 */
export const idMaxLength = 32;
export const idPattern = `^[A-Za-z0-9][A-Za-z0-9._-]{0,${idMaxLength - 1}}$`;
const id = (what: string) =>
  ({
    type: 'string',
    minLength: 1,
    maxLength: idMaxLength,
    pattern: idPattern,
    description: `${what}: ASCII letters, digits, \`.\`, \`_\` and \`-\`, starting with a letter or digit, at most ${idMaxLength} characters`,
  }) as const;
const sku = id('A SKU');
const warehouseId = id('A warehouse id');
const isoTime = { type: 'string', format: 'date-time' } as const;

/**
 * The low-stock cursor is opaque (cursor.ts): clients pass back what they were given, and its
 * contents may change without notice. The pattern and length only bound what is worth decoding.
 */
const cursorText = {
  type: 'string',
  minLength: 1,
  maxLength: 1024,
  pattern: '^[A-Za-z0-9_-]+$',
} as const;

/** For operations without query parameters: an unknown one is a 400, as anywhere else. */
export const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;

/** Response headers of every read (a map of name to schema, as OpenAPI lists them). */
export const freshnessHeaders = {
  etag: { type: 'string', description: 'Strong tag of the body; send it back as If-None-Match for a 304' },
  'cache-control': { type: 'string', description: '`private, no-cache`: revalidate with the ETag' },
  'x-data-committed-at': { type: 'string', description: 'Newest source commit among the items read' },
  'x-data-age-ms': { type: 'string', description: 'Milliseconds since that commit' },
} as const;

/** 304 has no body; the ETag it carries is the one the client already holds. */
export const notModified = {
  description: 'Not modified: If-None-Match matched the current ETag; no body',
  type: 'null',
} as const;

export const productSchema = {
  type: 'object',
  required: ['sku', 'name', 'attributes', 'committedAt'],
  properties: {
    sku: { type: 'string' },
    name: { type: 'string' },
    category: { type: 'string' },
    subcategory: { type: 'string' },
    brand: { type: 'string' },
    vendorId: { type: 'string' },
    listPriceUsd: { type: 'string' },
    active: { type: 'boolean' },
    attributes: {
      type: 'object',
      additionalProperties: true,
      description: 'Category-specific, keys as stored',
    },
    updatedAt: isoTime,
    committedAt: isoTime,
  },
} as const;

const warehouseStockSchema = {
  type: 'object',
  required: ['warehouseId', 'available'],
  properties: {
    warehouseId: { type: 'string' },
    onHand: { type: 'integer' },
    reserved: { type: 'integer' },
    available: { type: 'integer' },
    reorderPoint: { type: 'integer' },
    updatedAt: isoTime,
    committedAt: isoTime,
  },
} as const;

export const inventorySchema = {
  type: 'object',
  required: ['sku', 'warehouses', 'totalAvailable'],
  properties: {
    sku: { type: 'string' },
    totalAvailable: { type: 'integer' },
    warehouses: { type: 'array', items: warehouseStockSchema },
  },
} as const;

export const skuParams = {
  type: 'object',
  required: ['sku'],
  properties: { sku },
  additionalProperties: false,
} as const;

export const batchGetBody = {
  type: 'object',
  required: ['skus'],
  additionalProperties: false,
  properties: {
    skus: {
      type: 'array',
      items: sku,
      minItems: 1,
      maxItems: 100,
      description: 'Up to 100 SKUs; a SKU listed twice is read once',
    },
    warehouseIds: {
      type: 'array',
      items: warehouseId,
      minItems: 1,
      maxItems: 25,
      description: 'Read only these warehouses (BatchGetItem); without it, every warehouse of each SKU',
    },
  },
} as const;

export const batchGetResponse = {
  type: 'object',
  required: ['items', 'notFound'],
  properties: {
    items: { type: 'array', items: inventorySchema },
    notFound: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const lowStockParams = {
  type: 'object',
  required: ['id'],
  properties: { id: warehouseId },
  additionalProperties: false,
} as const;

export const lowStockQuery = {
  type: 'object',
  required: ['below'],
  additionalProperties: false,
  properties: {
    below: {
      type: 'integer',
      minimum: 0,
      maximum: 1_000_000_000,
      description: 'Stock with fewer than this many available',
    },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50, description: 'Items per page' },
    cursor: {
      ...cursorText,
      description:
        'Opaque: the `nextCursor` of the previous page of this same query (API key, warehouse and ' +
        '`below`), passed back unchanged. Its contents are not part of the contract; any other value ' +
        'is a 400 INVALID_CURSOR.',
    },
  },
} as const;

export const lowStockResponse = {
  type: 'object',
  required: ['warehouseId', 'below', 'items'],
  properties: {
    warehouseId: { type: 'string' },
    below: { type: 'integer' },
    items: {
      type: 'array',
      items: {
        ...warehouseStockSchema,
        required: ['sku', 'available'],
        properties: { sku: { type: 'string' }, ...warehouseStockSchema.properties },
      },
    },
    nextCursor: {
      ...cursorText,
      description: 'Opaque; present when there may be more. Pass it as `cursor` for the next page',
    },
  },
} as const;
