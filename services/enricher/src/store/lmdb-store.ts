import { type Database, open, type RootDatabase } from 'lmdb';
import { FxDays } from './fx-days';
import type { FxRate, ReferenceStore, RefVersion, StateEntity } from './reference';

/** What is stored per version: msgpack keeps bigints and strings as they are. */
interface Stored {
  c: bigint;
  r: Record<string, unknown> | null;
}

export interface LmdbStoreOptions {
  /** A folder of its own (STATE_DIR). */
  path: string;
  /** Newest versions kept in the heap for the common join (a change newer than its reference's last version). */
  cacheEntries?: number;
}

export interface LmdbStore extends ReferenceStore {
  /** Runs `work` as one write transaction: a batch of versions and the offsets after it land together. */
  transaction<T>(work: () => T): T;
  /** The checkpoint: the next offset to read per topic-partition, written with the versions it covers. */
  positions(): Map<string, string>;
  setPosition(topic: string, partition: number, next: string): void;
  /** The late-reference ledger's entries (state/ledger.ts), keyed by change identity, as JSON text. */
  ledger: Database<string, string>;
  close(): Promise<void>;
  /** Bytes of the data file. */
  diskBytes(): number;
}

/**
 * The reference store on disk (LMDB: a memory-mapped B+tree, read synchronously in about a
 * microsecond, its pages in the OS cache rather than the V8 heap; docs/decisions/0010). Keys are
 * `[entity, key, ordinal]`, so a key's versions sit together in ordinal order and "the version valid
 * at o" is one reverse range read from `[entity, key, o]`. Offsets are stored beside the data in the
 * same transactions, which makes the folder its own checkpoint.
 */
export function lmdbStore(options: LmdbStoreOptions): LmdbStore {
  const root: RootDatabase = open({ path: options.path, compression: false });
  // Shared structures: msgpackr writes each row shape's field names once, not in every value.
  const versions = root.openDB<Stored, (string | number)[]>({
    name: 'versions',
    sharedStructuresKey: Symbol.for('structures'),
  });
  const meta = root.openDB<string, string>({ name: 'meta', encoding: 'string' });
  const truncatesDb = root.openDB<boolean, string[]>({ name: 'truncates' });
  const ledger = root.openDB<string, string>({ name: 'ledger', encoding: 'string' });
  const cacheLimit = options.cacheEntries ?? 50_000;
  // Newest version per (entity, key): most changes are newer than their reference's last version.
  const newest = twoGenerationCache<{ ordinal: string; row: Record<string, unknown> | null }>(cacheLimit);
  const truncates = new Map<string, string[]>();
  const fxDays = new FxDays();
  let count = 0;

  for (const { key } of truncatesDb.getRange({})) {
    const [entity, ordinal] = key as [string, string];
    truncates.set(entity, [...(truncates.get(entity) ?? []), ordinal]);
  }
  for (const key of versions.getKeys({ start: ['fx_rates'], end: ['fx_rates', '\uffff'] })) {
    fxDays.note(String((key as string[])[1]));
  }
  count = versions.getCount();

  const truncatedBetween = (entity: string, after: string, upTo: string) =>
    (truncates.get(entity) ?? []).some((t) => t > after && t <= upTo);

  const remember = (id: string, value: { ordinal: string; row: Record<string, unknown> | null }) =>
    newest.set(id, value);

  /** The newest version at or before `upTo` of one key: one reverse range read. */
  function read(entity: string, key: string, upTo: string) {
    for (const entry of versions.getRange({
      start: [entity, key, upTo],
      end: [entity, key],
      reverse: true,
      limit: 1,
    })) {
      return { ordinal: String(entry.key[2]), row: entry.value.r };
    }
    return undefined;
  }

  function at(entity: StateEntity, key: string, ordinal: string) {
    const id = `${entity}\u0000${key}`;
    let found = newest.get(id);
    if (!found) {
      // Not cached: read the newest version (the usual answer) and cache it.
      found = read(entity, key, '\uffff');
      if (found) remember(id, found);
    }
    // A change older than the newest version: the version valid then.
    if (found && found.ordinal > ordinal) found = read(entity, key, ordinal);
    if (!found || truncatedBetween(entity, found.ordinal, ordinal)) return undefined;
    return found.row ?? undefined;
  }

  const store: LmdbStore = {
    ledger,
    transaction: (work) => root.transactionSync(work),
    apply(entity, key, version: RefVersion) {
      const k = [entity, key, version.ordinal];
      if (versions.get(k) === undefined) count += 1;
      versions.putSync(k, { c: version.committedAt, r: version.row as Record<string, unknown> | null });
      const id = `${entity}\u0000${key}`;
      const cached = newest.get(id);
      // Only a cached newest version is known to be older; an uncached key may have newer ones on disk.
      if (cached && cached.ordinal <= version.ordinal)
        remember(id, { ordinal: version.ordinal, row: version.row as Record<string, unknown> | null });
      if (entity === 'fx_rates') fxDays.note(key);
    },
    truncate(entity, ordinal) {
      truncatesDb.putSync([entity, ordinal], true);
      const list = truncates.get(entity) ?? [];
      if (!list.includes(ordinal)) truncates.set(entity, [...list, ordinal]);
    },
    at,
    fxAt(currency, day, ordinal): FxRate | undefined {
      return fxDays.rateOn(currency, day, (key) => at('fx_rates', key, ordinal));
    },
    prune(beforeMicros) {
      // Walk each key's versions; drop those followed by a version that began before the cut.
      let dropped = 0;
      let previous: { key: (string | number)[]; id: string } | undefined;
      root.transactionSync(() => {
        for (const { key, value } of versions.getRange({})) {
          const id = `${key[0]}\u0000${key[1]}`;
          if (previous && previous.id === id && value.c <= beforeMicros) {
            versions.removeSync(previous.key);
            dropped += 1;
          }
          previous = { key, id };
        }
      });
      count -= dropped;
      return dropped;
    },
    size: () => count,
    positions() {
      const out = new Map<string, string>();
      for (const { key, value } of meta.getRange({ start: 'pos:', end: 'pos;' }))
        out.set(key.slice(4), value);
      return out;
    },
    setPosition(topic, partition, next) {
      meta.putSync(`pos:${topic}:${partition}`, next);
    },
    async close() {
      await root.close();
    },
    diskBytes: () => {
      const stat = root.getStats() as {
        treeBranchPageCount?: number;
        pageSize?: number;
        lastPageNumber?: number;
      };
      return (stat.lastPageNumber ?? 0) * (stat.pageSize ?? 4096);
    },
  };
  return store;
}

/**
 * A bounded cache in two generations: entries go to the young map; when it is full it becomes the old
 * one (the previous old one is dropped), and a hit in the old map moves back to the young. O(1) per
 * operation, unlike evicting a Map's first key one at a time (V8 walks the deleted slots at its front).
 */
export function twoGenerationCache<V>(limit: number) {
  const half = Math.max(1, Math.floor(limit / 2));
  let young = new Map<string, V>();
  let old = new Map<string, V>();
  const set = (key: string, value: V) => {
    if (limit === 0) return;
    young.set(key, value);
    if (young.size >= half) {
      old = young;
      young = new Map();
    }
  };
  return {
    get(key: string): V | undefined {
      const hit = young.get(key);
      if (hit !== undefined) return hit;
      const aged = old.get(key);
      if (aged !== undefined) set(key, aged);
      return aged;
    },
    set,
  };
}
