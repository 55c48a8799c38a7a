import { type ChangeEvent, type InventoryRow, isoFromMicros, parseCanonicalKey } from '@lakestream/schemas';

/** The data of an SSE `stock` event: one warehouse's stock of a SKU after a source change. */
export interface StockEvent {
  sku: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  available: number;
  /** ISO time of the source commit. */
  committedAt: string;
  op: 'c' | 'u' | 'd' | 'r';
}

/** A stock change addressed to its tenant, with the source ordinal as the SSE event id. */
export interface TenantStockEvent {
  tenantId: string;
  ordinal: string;
  event: StockEvent;
}

/**
 * Where stock changes come from, injected so the app builds without Kafka; api-main.ts wires the
 * Kafka one (stock-source.ts) and the app runs it under a supervisor (stock-feed.ts) that restarts
 * it until it runs.
 */
export interface StockEventSource {
  /**
   * Resolves once changes flow to `sink`, rejects when they cannot (with a StockFeedError whose
   * reason a client may read); `failed` is called if they stop flowing afterwards.
   */
  start(sink: (change: TenantStockEvent) => void, failed: (error: Error) => void): Promise<void>;
  /** Releases whatever start acquired, also after a failed start. */
  stop(): Promise<void>;
}

/** Why the feed is not running, in words fit for an API client (no addresses, no stack). */
export class StockFeedError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'StockFeedError';
  }
}

/**
 * An inventory ChangeEvent as the stock event its tenant's subscribers get, or undefined for a
 * change that is not one (another table, no tenant, a key that does not parse). A delete reports
 * zero stock: the row is gone from that warehouse. `available` is computed as the projector does.
 */
export function stockEventOf(change: ChangeEvent<InventoryRow>): TenantStockEvent | undefined {
  if (change.table !== 'inventory' || change.op === 't') return undefined;
  const row = change.op === 'd' ? undefined : (change.after ?? undefined);
  const tenantId = change.tenantId ?? change.after?.tenant_id ?? change.before?.tenant_id;
  if (!tenantId || (change.op !== 'd' && !row)) return undefined;
  let key: { sku: string; warehouse_id: string };
  try {
    key = parseCanonicalKey('inventory', change.key);
  } catch {
    return undefined;
  }
  const onHand = row?.on_hand ?? 0;
  const reserved = row?.reserved ?? 0;
  return {
    tenantId,
    ordinal: change.sourcePosition.ordinal,
    event: {
      sku: key.sku,
      warehouseId: key.warehouse_id,
      onHand,
      reserved,
      available: onHand - reserved,
      committedAt: isoFromMicros(change.committedAt),
      op: change.op,
    },
  };
}

/** One SSE frame; `data` is a single JSON line, so it needs no multi-line `data:` splitting. */
export const sseFrame = (event: string, data: unknown, id?: string) =>
  `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
