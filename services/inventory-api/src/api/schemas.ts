import { errorSchema } from './errors';

/** Identifiers as the source system writes them: no spaces, slashes or key separators. */
export const idPattern = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
const id = { type: 'string', pattern: idPattern } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;

export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  404: errorSchema,
  500: errorSchema,
} as const;

export const freshnessHeaders = {
  type: 'object',
  properties: {
    etag: { type: 'string' },
    'x-data-committed-at': { type: 'string', description: 'Newest source commit among the items read' },
    'x-data-age-ms': { type: 'string', description: 'Milliseconds since that commit' },
  },
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
  properties: { sku: id },
  additionalProperties: false,
} as const;

export const batchGetBody = {
  type: 'object',
  required: ['skus'],
  additionalProperties: false,
  properties: {
    skus: { type: 'array', items: id, minItems: 1, maxItems: 100 },
    warehouseIds: {
      type: 'array',
      items: id,
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
  properties: { id },
  additionalProperties: false,
} as const;

export const lowStockQuery = {
  type: 'object',
  required: ['below'],
  additionalProperties: false,
  properties: {
    below: { type: 'integer', minimum: 0, maximum: 1_000_000_000 },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    cursor: { type: 'string', minLength: 1, maxLength: 2048, pattern: '^[A-Za-z0-9_-]+$' },
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
    nextCursor: { type: 'string', description: 'Opaque; pass as `cursor` for the next page' },
  },
} as const;
