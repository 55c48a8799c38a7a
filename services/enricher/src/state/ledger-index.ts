import { type LedgerEntry, refOf } from './ledger';

/**
 * Which open ledger entries wait for which reference: an arrival marker looks its reference up here.
 * In the heap (open entries are few: changes still partial inside the window); rebuilt from the
 * ledger on start and kept current by the state consumer.
 */
export function ledgerIndex() {
  const waiting = new Map<string, Set<string>>();
  const refsOf = new Map<string, string[]>();
  // A replayed trigger must find the entries it re-emitted before, open or closed since.
  const triggered = new Map<string, Set<string>>();
  const triggersOf = new Map<string, string[]>();

  const drop = (index: Map<string, Set<string>>, keys: readonly string[] | undefined, identity: string) => {
    for (const key of keys ?? []) {
      const set = index.get(key);
      set?.delete(identity);
      if (set?.size === 0) index.delete(key);
    }
  };
  const add = (index: Map<string, Set<string>>, keys: readonly string[], identity: string) => {
    for (const key of keys) {
      const set = index.get(key) ?? new Set<string>();
      set.add(identity);
      index.set(key, set);
    }
  };

  function remove(identity: string) {
    drop(waiting, refsOf.get(identity), identity);
    refsOf.delete(identity);
    drop(triggered, triggersOf.get(identity), identity);
    triggersOf.delete(identity);
  }

  return {
    /** Records an entry's latest state (open entries are indexed by what they lack; closed ones leave). */
    note(identity: string, entry: LedgerEntry | undefined) {
      remove(identity);
      if (!entry) return;
      const triggers = [...new Set(entry.revisions.map((r) => r.trigger).filter((t) => t !== 'source'))];
      if (triggers.length > 0) {
        triggersOf.set(identity, triggers);
        add(triggered, triggers, identity);
      }
      if (!entry.open) return;
      const refs = [...new Set(entry.missing.map(refOf))];
      refsOf.set(identity, refs);
      add(waiting, refs, identity);
    },
    waiting: (ref: string): readonly string[] => [...(waiting.get(ref) ?? [])],
    /** The entries a trigger (`<partition>:<offset>` of the ledger) re-emitted, for its replay. */
    triggeredBy: (trigger: string): readonly string[] => [...(triggered.get(trigger) ?? [])],
    open: () => refsOf.size,
  };
}

export type LedgerIndex = ReturnType<typeof ledgerIndex>;
