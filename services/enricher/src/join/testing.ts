import { binlogOrdinal } from '@lakestream/schemas';
import { memoryStore } from '../store/memory-store';
import type { ReferenceStore, StateEntity } from '../store/reference';

/** The ordinal of binlog position `pos` (row 0 of binlog.000001): tests place changes by it. */
export const ord = (pos: number) => binlogOrdinal({ file: 'binlog.000001', pos, row: 0 });

/** Epoch µs of an ISO time. */
export const micros = (iso: string) => BigInt(Date.parse(iso)) * 1000n;

/** Days since 1970-01-01 of an ISO date. */
export const days = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;

/** A store holding the given versions: [entity, key, binlog pos, row or null]. */
export function storeWith(
  versions: readonly [StateEntity, string, number, Record<string, unknown> | null][],
): ReferenceStore {
  const store = memoryStore();
  for (const [entity, key, pos, row] of versions) {
    store.apply(entity, key, { ordinal: ord(pos), committedAt: BigInt(pos), row });
  }
  return store;
}
