import { FxDays } from './fx-days';
import type { FxRate, ReferenceStore, RefVersion, StateEntity } from './reference';

/**
 * The reference store in the heap: every version per key, sorted by ordinal. The unit tests' store, and
 * one of the candidates measured in docs/decisions/0010-enricher.md (the service uses lmdb).
 */
export function memoryStore(): ReferenceStore {
  const versions = new Map<string, RefVersion[]>();
  const truncates = new Map<StateEntity, string[]>();
  const fxDays = new FxDays();
  let count = 0;
  const id = (entity: string, key: string) => `${entity}\u0000${key}`;

  const truncatedBetween = (entity: StateEntity, after: string, upTo: string) =>
    (truncates.get(entity) ?? []).some((t) => t > after && t <= upTo);

  const store: ReferenceStore = {
    apply(entity, key, version) {
      const list = versions.get(id(entity, key)) ?? [];
      const at = list.findIndex((v) => v.ordinal >= version.ordinal);
      if (at !== -1 && list[at]?.ordinal === version.ordinal) list[at] = version;
      else {
        if (at === -1) list.push(version);
        else list.splice(at, 0, version);
        count += 1;
      }
      versions.set(id(entity, key), list);
      if (entity === 'fx_rates') fxDays.note(key);
    },
    truncate(entity, ordinal) {
      const list = truncates.get(entity) ?? [];
      if (!list.includes(ordinal)) list.push(ordinal);
      truncates.set(entity, list);
    },
    at(entity, key, ordinal) {
      const list = versions.get(id(entity, key));
      if (!list) return undefined;
      for (let i = list.length - 1; i >= 0; i -= 1) {
        const version = list[i] as RefVersion;
        if (version.ordinal <= ordinal) {
          if (truncatedBetween(entity, version.ordinal, ordinal)) return undefined;
          return version.row ?? undefined;
        }
      }
      return undefined;
    },
    fxAt(currency, day, ordinal): FxRate | undefined {
      return fxDays.rateOn(currency, day, (key) => store.at('fx_rates', key, ordinal));
    },
    prune(beforeMicros) {
      let dropped = 0;
      for (const [name, list] of versions) {
        // Keep the newest version that began before the cut: it is still valid at the cut.
        let keepFrom = 0;
        for (let i = 1; i < list.length; i += 1) {
          if ((list[i] as RefVersion).committedAt <= beforeMicros) keepFrom = i;
        }
        if (keepFrom > 0) {
          dropped += keepFrom;
          versions.set(name, list.slice(keepFrom));
        }
      }
      count -= dropped;
      return dropped;
    },
    size: () => count,
  };
  return store;
}
