// The late-reference ledger (docs/decisions/0010-enricher.md): a change emitted partial is kept, with
// every revision sent for it, in the compacted topic lakestream.enricher.pending, keyed by the change's
// identity, so that the instance owning that key's pending partition can re-emit it once its reference
// arrives, exactly once (in the transaction that consumes the trigger), and a replay can send the same
// bytes again. Reference changes leave arrival markers on every pending partition: the trigger.

/** One emission of a source change. */
export interface Revision {
  readonly revision: number;
  readonly missing: readonly string[];
  /** The enriched record's value as sent (Confluent-framed Avro, base64). */
  readonly value: string;
  /** What produced it: `source` for revision 0, `<pending partition>:<offset>` of the trigger otherwise. */
  readonly trigger: string;
}

/** A change that was emitted partial, and what has been sent for it since. */
export interface LedgerEntry {
  readonly kind: 'change';
  readonly entity: string;
  readonly key: string;
  readonly ordinal: string;
  /** The input ChangeEvent as consumed (Confluent-framed Avro, base64): a re-emission enriches it again. */
  readonly input: string;
  /** When revision 0 was sent, epoch ms: the late window starts there. */
  readonly emittedAtMs: number;
  /** What the newest revision still lacks. */
  readonly missing: readonly string[];
  /** False once complete, or once the window passed without the references. */
  readonly open: boolean;
  readonly expired?: boolean;
  readonly revisions: readonly Revision[];
}

/** A reference (or order header) changed: entries waiting for it may now resolve. */
export interface Arrival {
  readonly kind: 'arrival';
  /** The reference as `missing` names it, without an fx rate's date: `products:SKU-1`, `fx_rates:EUR`. */
  readonly ref: string;
  /** Where the change is, so the owner can wait until its copy of the reference state holds it. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly atMs: number;
}

export type PendingRecord = LedgerEntry | Arrival;

/** A source change's identity (libs/schemas README, enriched): its entity, key and source ordinal. */
export const changeIdentity = (entity: string, ordinal: string, key: string) =>
  `c|${entity}|${ordinal}|${key}`;

export const arrivalKey = (ref: string) => `a|${ref}`;

/** The reference a missing entry waits for: an fx rate waits for any new rate of its currency. */
export const refOf = (missing: string) => missing.replace(/@.*$/, '');

/** The reference an arrival of a state entity's key stands for, as `missing` names it. */
export function arrivalRef(entity: string, key: string): string {
  return entity === 'fx_rates' ? `fx_rates:${key.slice(0, key.indexOf('|'))}` : `${entity}:${key}`;
}

export function parsePending(text: string): PendingRecord {
  const value = JSON.parse(text) as PendingRecord;
  if (value?.kind !== 'change' && value?.kind !== 'arrival') throw new Error('not a pending record');
  return value;
}

export type Decision =
  | { action: 'none' }
  | { action: 'expire'; entry: LedgerEntry }
  | { action: 'emit'; revision: number; missing: readonly string[]; open: boolean };

/**
 * What to do for an open entry when a trigger comes: nothing if the references it lacks are still
 * lacking; expire it if the trigger is past the window; else a new revision (complete, or partial with
 * fewer missing). `missingNow` is what enriching the change again lacks. Pure.
 */
export function decide(
  entry: LedgerEntry,
  missingNow: readonly string[],
  atMs: number,
  windowMs: number,
): Decision {
  if (!entry.open) return { action: 'none' };
  if (atMs - entry.emittedAtMs > windowMs)
    return { action: 'expire', entry: { ...entry, open: false, expired: true } };
  const before = new Set(entry.missing);
  const fewer = missingNow.length < before.size && missingNow.every((m) => before.has(m));
  if (!fewer) return { action: 'none' };
  return {
    action: 'emit',
    revision: entry.revisions.length,
    missing: missingNow,
    open: missingNow.length > 0,
  };
}

/** The entry after a revision was sent. */
export function withRevision(entry: LedgerEntry, revision: Revision): LedgerEntry {
  return {
    ...entry,
    missing: revision.missing,
    open: revision.missing.length > 0,
    revisions: [...entry.revisions, revision],
  };
}
