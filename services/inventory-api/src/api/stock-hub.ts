/**
 * In-process fan-out of stock changes to the SSE streams open on this API instance, keyed by
 * (tenant, SKU): a subscriber only ever hears its own tenant's SKU. Pure: no I/O, no timers.
 */
export interface StockHub<E> {
  /** Adds a listener; the returned function removes it (calling it twice is harmless). */
  subscribe(tenant: string, sku: string, listener: (event: E) => void): () => void;
  publish(tenant: string, sku: string, event: E): void;
  /** Listeners currently subscribed, over every key. */
  size(): number;
}

// NUL cannot appear in a tenant or SKU (both are identifiers), so no two pairs share a key.
const keyOf = (tenant: string, sku: string) => `${tenant}\u0000${sku}`;

export function stockHub<E>(): StockHub<E> {
  const listeners = new Map<string, Set<(event: E) => void>>();
  let count = 0;
  return {
    subscribe(tenant, sku, listener) {
      const key = keyOf(tenant, sku);
      const set = listeners.get(key) ?? new Set();
      listeners.set(key, set);
      // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
      const entry = (event: E) => listener(event);
      set.add(entry);
      count++;
      return () => {
        if (!set.delete(entry)) return;
        count--;
        if (set.size === 0 && listeners.get(key) === set) listeners.delete(key);
      };
    },
    publish(tenant, sku, event) {
      // A copy: a listener may unsubscribe (its stream closed) while the event is being delivered.
      for (const listener of [...(listeners.get(keyOf(tenant, sku)) ?? [])]) listener(event);
    },
    size: () => count,
  };
}
