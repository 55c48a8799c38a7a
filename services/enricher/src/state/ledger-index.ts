import { type LedgerEntry, refOf } from './ledger';

/**
 * Which open ledger entries wait for which reference: an arrival marker looks its reference up here.
 * In the heap (open entries are few: changes still partial inside the window); rebuilt from the
 * ledger on start and kept current by the state consumer.
 */
export function ledgerIndex() {
  const waiting = new Map<string, Set<string>>();
  const refsOf = new Map<string, string[]>();

  function remove(identity: string) {
    for (const ref of refsOf.get(identity) ?? []) {
      const set = waiting.get(ref);
      set?.delete(identity);
      if (set?.size === 0) waiting.delete(ref);
    }
    refsOf.delete(identity);
  }

  return {
    /** Records an entry's latest state (open entries are indexed by what they lack; closed ones leave). */
    note(identity: string, entry: LedgerEntry | undefined) {
      remove(identity);
      if (!entry?.open) return;
      const refs = [...new Set(entry.missing.map(refOf))];
      refsOf.set(identity, refs);
      for (const ref of refs) {
        const set = waiting.get(ref) ?? new Set<string>();
        set.add(identity);
        waiting.set(ref, set);
      }
    },
    waiting: (ref: string): readonly string[] => [...(waiting.get(ref) ?? [])],
    open: () => refsOf.size,
  };
}

export type LedgerIndex = ReturnType<typeof ledgerIndex>;
