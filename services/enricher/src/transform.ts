import {
  deadLetter,
  type Failure,
  type IncomingRecord,
  keyPartition,
  type OutgoingRecord,
} from '@lakestream/kafka';
import {
  type ChangeEvent,
  lineageHeaders,
  type RecordDecoder,
  type Table,
  tenantColumn,
  UndecodableRecord,
  type WriterSchema,
} from '@lakestream/schemas';
import { enrichEvent } from './join/enrich-event';
import type { PiiKeyring } from './join/pii';
import type { EnrichMetrics } from './metrics';
import {
  type Arrival,
  arrivalKey,
  arrivalRef,
  changeIdentity,
  decide,
  type LedgerEntry,
  type PendingRecord,
  parsePending,
  type Revision,
  withRevision,
} from './state/ledger';
import type { LedgerIndex } from './state/ledger-index';
import type { StateConsumer } from './state/state-consumer';
import type { LmdbStore } from './store/lmdb-store';
import { isStateEntity } from './store/reference';
import type { EnrichedWriter } from './writer';

type Row = Record<string, unknown>;

export interface EnrichTransformDeps {
  decoder: RecordDecoder;
  writer: EnrichedWriter;
  store: LmdbStore;
  state: Pick<StateConsumer, 'waitFor'>;
  index: LedgerIndex;
  keyring: PiiKeyring;
  metrics: EnrichMetrics;
  /** The entity of a changes topic; undefined for any other topic. */
  entityOf: (topic: string) => Table | undefined;
  enrichedTopic: (table: Table) => string;
  pendingTopic: string;
  pendingPartitions: number;
  dlqTopic: string;
  lateWindowMs: number;
  /** How long a trigger waits for the replicated state to hold what it names before the batch is retried. */
  stateWaitMs: number;
  now?: () => number;
}

const b64 = (bytes: Buffer) => bytes.toString('base64');
/** How many pending records pass between sweeps of the overlay (each sweep reads every entry once). */
const SWEEP_EVERY = 5_000;

/**
 * The enrich loop's transform (docs/decisions/0010-enricher.md): a change becomes its enriched event
 * (revision 0; a change emitted partial also leaves its ledger entry; a state entity's change leaves
 * arrival markers on every pending partition); a pending-topic record is a trigger for the entries of
 * its partition, which are enriched again and re-emitted with the next revision when they lack less.
 * Everything a trigger emits goes out in the transaction that consumes the trigger, so re-emissions are
 * exactly once too. Bad input never throws (dead letter, stage `enrich`); a throw is transient.
 */
export function enrichTransform(deps: EnrichTransformDeps) {
  const now = deps.now ?? Date.now;
  const { metrics } = deps;
  /** Ledger entries this instance wrote and the state may not hold yet, with the trigger that wrote them. */
  const overlay = new Map<string, { entry: LedgerEntry; partition: number; offset: bigint }>();
  /** The last pending offset worked on per partition: only a record at or before it is read again. */
  const reached = new Map<number, bigint>();
  /** Pending records since the overlay last dropped what the state has caught up with. */
  let sinceSweep = 0;

  const fail = (record: IncomingRecord, failure: Omit<Failure, 'stage'>): OutgoingRecord[] => {
    metrics.deadLettered.inc({ stage: 'enrich', code: failure.code, table: failure.table ?? 'unknown' });
    return [deadLetter(deps.dlqTopic, record, { ...failure, stage: 'enrich' }, now())];
  };

  const decode = async (bytes: Buffer | null) => {
    const decoded = await deps.decoder.decode(bytes);
    return { event: decoded.value as ChangeEvent<Row>, writer: decoded.writer as WriterSchema };
  };

  /** Why a decoded value cannot be a change of `table`, if it cannot. */
  function invalid(table: Table, event: ChangeEvent<Row>): string | undefined {
    if (event?.table !== table) return `a ${String(event?.table)} event on the ${table} topic`;
    if (typeof event.sourcePosition?.ordinal !== 'string') return 'no source ordinal';
    if (event.op === 't') return undefined;
    const column = tenantColumn(table);
    const image = event.after ?? event.before;
    if (!image) return `op ${event.op} without a row image`;
    if (column && (typeof event.tenantId !== 'string' || image[column] !== event.tenantId)) {
      return `tenantId ${JSON.stringify(event.tenantId)} is not the row's ${column} ${JSON.stringify(image[column])}`;
    }
    return undefined;
  }

  async function change(record: IncomingRecord, table: Table): Promise<OutgoingRecord[]> {
    const started = performance.now();
    let decoded: Awaited<ReturnType<typeof decode>>;
    try {
      decoded = await decode(record.message.value);
    } catch (error) {
      if (error instanceof UndecodableRecord)
        return fail(record, { code: error.code, reason: error.message, table });
      throw error;
    }
    const { event, writer } = decoded;
    const problem = invalid(table, event);
    if (problem) return fail(record, { code: 'ENRICH_NOT_A_CHANGE', reason: problem, table });
    const outputs: OutgoingRecord[] = [];
    const lineage = lineageHeaders(record.topic, record.partition, record.message.offset);
    const topic = deps.enrichedTopic(table);
    const partition = event.op === 't' ? record.partition : undefined;
    // Only a new row can end a wait: an entry lacks a reference that had no version valid at its
    // position, and an update or delete of that row comes after its create, which left a marker.
    if (isStateEntity(table) && (event.op === 'c' || event.op === 'r')) {
      const arrival: Arrival = {
        kind: 'arrival',
        ref: arrivalRef(table, event.key),
        topic: record.topic,
        partition: record.partition,
        offset: record.message.offset,
        atMs: now(),
      };
      const value = Buffer.from(JSON.stringify(arrival));
      for (let p = 0; p < deps.pendingPartitions; p += 1) {
        outputs.push({ topic: deps.pendingTopic, key: arrivalKey(arrival.ref), value, partition: p });
      }
    }
    const identity = changeIdentity(table, event.sourcePosition.ordinal, event.key);
    const known = deps.store.ledger.get(identity);
    if (known !== undefined) {
      // Replayed: this change was emitted partial before; send its revision 0 as it was sent.
      const first = (parsePending(known) as LedgerEntry).revisions[0] as Revision;
      metrics.replayed.inc({ table });
      outputs.push({ topic, key: event.key, value: Buffer.from(first.value, 'base64'), headers: lineage });
      return outputs;
    }
    const schema = await deps.writer.schemaFor(table, writer);
    let value: Buffer;
    let missing: string[];
    try {
      const result = enrichEvent(table, event, deps.store, deps.keyring, 0);
      missing = result.missing;
      value = deps.writer.encode(schema, { ...result.enriched, schemaVersion: schema.version });
    } catch (error) {
      return fail(record, { code: 'ENRICH_UNENCODABLE', reason: (error as Error).message, table });
    }
    outputs.push({
      topic,
      key: event.key,
      value,
      headers: lineage,
      ...(partition === undefined ? {} : { partition }),
    });
    const status = missing.length > 0 ? 'partial' : 'complete';
    metrics.changesOut.inc({ table, status });
    if (missing.length > 0) {
      for (const m of missing) metrics.missing.inc({ table, reference: m.slice(0, m.indexOf(':')) });
      const entry: LedgerEntry = {
        kind: 'change',
        entity: table,
        key: event.key,
        ordinal: event.sourcePosition.ordinal,
        input: b64(record.message.value as Buffer),
        emittedAtMs: now(),
        missing,
        open: true,
        revisions: [{ revision: 0, missing, value: b64(value), trigger: 'source' }],
      };
      outputs.push({ topic: deps.pendingTopic, key: identity, value: Buffer.from(JSON.stringify(entry)) });
    }
    metrics.enrichSeconds.observe((performance.now() - started) / 1000);
    metrics.endToEndSeconds.observe(
      { stage: 'enrich', table },
      Math.max(0, now() - Number(event.committedAt / 1000n)) / 1000,
    );
    return outputs;
  }

  /** The newest state of an entry: this instance's own write, until the replicated state has it. */
  function entryOf(identity: string): LedgerEntry | undefined {
    const text = deps.store.ledger.get(identity);
    const stored = text === undefined ? undefined : (parsePending(text) as LedgerEntry);
    const mine = overlay.get(identity);
    if (
      mine &&
      (!stored ||
        mine.entry.revisions.length > stored.revisions.length ||
        (mine.entry.expired && stored.open))
    ) {
      return mine.entry;
    }
    if (mine) overlay.delete(identity);
    return stored;
  }

  /** An entry met a trigger: replay what that trigger sent before, or try the next revision. */
  async function retry(
    identity: string,
    entry: LedgerEntry,
    trigger: string,
    atMs: number,
    at: IncomingRecord,
  ) {
    const table = entry.entity as Table;
    const topic = deps.enrichedTopic(table);
    const headers = lineageHeaders(at.topic, at.partition, at.message.offset);
    const before = entry.revisions.filter((r) => r.trigger === trigger);
    if (before.length > 0) {
      metrics.replayed.inc({ table }, before.length);
      return before.map((r) => ({ topic, key: entry.key, value: Buffer.from(r.value, 'base64'), headers }));
    }
    if (!entry.open) return [];
    const { event, writer } = await decode(Buffer.from(entry.input, 'base64'));
    const schema = await deps.writer.schemaFor(table, writer);
    const result = enrichEvent(table, event, deps.store, deps.keyring, entry.revisions.length);
    const decision = decide(entry, result.missing, atMs, deps.lateWindowMs);
    const mark = (next: LedgerEntry) =>
      overlay.set(identity, { entry: next, partition: at.partition, offset: BigInt(at.message.offset) });
    if (decision.action === 'none') return [];
    if (decision.action === 'expire') {
      metrics.lateExpired.inc({ table });
      mark(decision.entry);
      return [
        { topic: deps.pendingTopic, key: identity, value: Buffer.from(JSON.stringify(decision.entry)) },
      ];
    }
    const value = deps.writer.encode(schema, { ...result.enriched, schemaVersion: schema.version });
    const next = withRevision(entry, {
      revision: decision.revision,
      missing: decision.missing,
      value: b64(value),
      trigger,
    });
    mark(next);
    metrics.reemitted.inc({ table, status: next.open ? 'partial' : 'complete' });
    return [
      { topic, key: entry.key, value, headers },
      { topic: deps.pendingTopic, key: identity, value: Buffer.from(JSON.stringify(next)) },
    ];
  }

  async function pending(record: IncomingRecord): Promise<OutgoingRecord[]> {
    const { partition, message } = record;
    let parsed: PendingRecord;
    try {
      parsed = parsePending(String(message.value));
    } catch (error) {
      if (message.value === null) return []; // a tombstone: the ledger forgot an entry
      return fail(record, { code: 'ENRICH_BAD_PENDING', reason: (error as Error).message });
    }
    // The state must hold this partition up to here: every entry and arrival before this record.
    await deps.state.waitFor(deps.pendingTopic, partition, message.offset, deps.stateWaitMs);
    const offset = BigInt(message.offset);
    // Written by an attempt at this record or a later one that did not commit (it is consumed again).
    // Only a record read again can find such writes; scanning the overlay at every record made the
    // loop quadratic in the re-emissions and starved the event loop (heartbeats timed out).
    if (offset <= (reached.get(partition) ?? -1n)) {
      for (const [identity, mine] of overlay) {
        if (mine.partition === partition && mine.offset >= offset) overlay.delete(identity);
      }
    }
    reached.set(partition, offset);
    sinceSweep += 1;
    if (sinceSweep >= SWEEP_EVERY) {
      sinceSweep = 0;
      // entryOf drops an entry the state has caught up with when it is looked up; most never are.
      for (const identity of [...overlay.keys()]) entryOf(identity);
    }
    const trigger = `${partition}:${message.offset}`;
    const outputs: OutgoingRecord[] = [];
    if (parsed.kind === 'change') {
      const identity = String(message.key);
      const entry = entryOf(identity);
      if (entry) outputs.push(...(await retry(identity, entry, trigger, entry.emittedAtMs, record)));
    } else {
      await deps.state.waitFor(parsed.topic, parsed.partition, parsed.offset, deps.stateWaitMs);
      const identities = new Set([...deps.index.waiting(parsed.ref), ...deps.index.triggeredBy(trigger)]);
      for (const identity of identities) {
        // Each entry belongs to the one pending partition its key hashes to, and only its owner acts on it.
        if (keyPartition(identity, deps.pendingPartitions) !== partition) continue;
        const entry = entryOf(identity);
        if (entry) outputs.push(...(await retry(identity, entry, trigger, parsed.atMs, record)));
      }
    }
    metrics.pendingOpen.set(deps.index.open());
    return outputs;
  }

  const transform = async (record: IncomingRecord): Promise<OutgoingRecord[]> => {
    if (record.topic === deps.pendingTopic) return pending(record);
    const table = deps.entityOf(record.topic);
    if (!table)
      return fail(record, { code: 'ENRICH_UNKNOWN_TOPIC', reason: `no entity reads ${record.topic}` });
    return change(record, table);
  };
  /**
   * This instance has just taken a ledger partition (the previous owner is fenced) and its state holds
   * that partition to its end: its own writes to the partition's entries from before are either in the
   * state now or were never committed, so none of them may stand in for the state any more.
   */
  function acquired(partition: number): void {
    for (const identity of overlay.keys())
      if (keyPartition(identity, deps.pendingPartitions) === partition) overlay.delete(identity);
  }

  return Object.assign(transform, { acquired });
}
