import { randomUUID } from 'node:crypto';
import {
  bindSpec,
  type Catalog,
  type ContentFile,
  commitWithRetries,
  compareValues,
  contentFileOf,
  currentSchema,
  currentSnapshot,
  type DataFileEncoder,
  FileContent,
  fileCatalog,
  IcebergError,
  type IcebergSchema,
  type LoadedTable,
  loadOrCreateTable,
  newSnapshotId,
  type PartitionValue,
  type PrimitiveType,
  partitionKey,
  partitionPath,
  removedDataFilesSince,
  type SnapshotManifests,
  stagedSnapshot,
  type TableIdentifier,
  type TableMetadata,
  typeRefusal,
} from '@lakestream/iceberg';
import { keyPartition } from '@lakestream/kafka';
import type { ChangeEvent } from '@lakestream/schemas';
import { joinLocation, type WarehouseStorage } from '@lakestream/storage';
import { partitionColumns } from './batch-columns';
import { type ColumnShape, evolveSchema, initialSchema } from './columns';
import { emissionOf, mayBeReemitted, replaces, sourceChangeId } from './emission';
import { type Culprit, isolateCulprits } from './isolate';
import { type LakeTableName, lakeColumnsOf, partitionSpecFor } from './layout';
import { LiveRows, loadCheckpoint, saveCheckpoint } from './live-rows';
import {
  type ColumnReader,
  DELETE_FILE_PATH_ID,
  DELETE_POS_ID,
  liveKeysWhere,
  type ReemittableRow,
  rebuildLiveRows,
  rebuildReemittableRows,
} from './scan';
import { isTransient } from './transient';

/** One input record, decoded, with the Iceberg shape of its row's columns (from its writer schema). */
export interface IncomingChange {
  partition: number;
  offset: bigint;
  event: ChangeEvent<Record<string, unknown>>;
  columns: readonly ColumnShape[];
  /** The images converted to lake values, filled on first use (lake/batch-columns.ts). */
  converted?: { before?: unknown[] | null; after?: unknown[] | null };
  /** For a truncate (op `t`): how many partitions the topic has, to tell which keys this one holds. */
  partitions?: number;
}

/**
 * A source TRUNCATE seen on one partition: every live key that partition holds whose last change is
 * older than `ordinal` goes (libs/schemas README, Truncate: by ordinal, not by arrival).
 */
export interface PartitionTruncate {
  partition: number;
  partitions: number;
  ordinal: string;
}

/** The snapshot-summary entry holding, per topic and partition, the ordinal of the last truncate. */
export const TRUNCATED_PROPERTY = 'lakestream.truncated-before';

/** A summary entry of `{topic: {partition: value}}`, read for one topic. */
function summaryMap(
  metadata: TableMetadata | undefined,
  property: string,
  topic: string,
): Map<number, string> {
  const summary = metadata ? currentSnapshot(metadata)?.summary : undefined;
  const all = summary?.[property]
    ? (JSON.parse(summary[property]) as Record<string, Record<string, string>>)
    : {};
  return new Map(Object.entries(all[topic] ?? {}).map(([p, v]) => [Number(p), v]));
}

/** The same entry with this topic's values merged in, as the next snapshot's summary holds it. */
function withSummaryMap(
  metadata: TableMetadata,
  property: string,
  topic: string,
  values: Map<number, string>,
): string {
  const summary = currentSnapshot(metadata)?.summary;
  const all = summary?.[property]
    ? (JSON.parse(summary[property]) as Record<string, Record<string, string>>)
    : {};
  const merged = { ...(all[topic] ?? {}) };
  for (const [partition, value] of values) merged[String(partition)] = value;
  return JSON.stringify({ ...all, [topic]: merged });
}

/** The snapshot-summary entry holding, per input topic and partition, the next offset to write. */
export const OFFSETS_PROPERTY = 'lakestream.kafka-offsets';

export type TopicOffsets = Map<number, bigint>;

export function offsetsOf(metadata: TableMetadata | undefined, topic: string): TopicOffsets {
  const summary = metadata ? currentSnapshot(metadata)?.summary : undefined;
  const all = summary?.[OFFSETS_PROPERTY]
    ? (JSON.parse(summary[OFFSETS_PROPERTY]) as Record<string, Record<string, string>>)
    : {};
  return new Map(Object.entries(all[topic] ?? {}).map(([p, o]) => [Number(p), BigInt(o)]));
}

function withOffsets(metadata: TableMetadata, topic: string, offsets: TopicOffsets): string {
  const summary = currentSnapshot(metadata)?.summary;
  const all = summary?.[OFFSETS_PROPERTY]
    ? (JSON.parse(summary[OFFSETS_PROPERTY]) as Record<string, Record<string, string>>)
    : {};
  const merged = { ...(all[topic] ?? {}) };
  for (const [partition, offset] of offsets) merged[String(partition)] = offset.toString();
  return JSON.stringify({ ...all, [topic]: merged });
}

/** A buffer taken for commit: its changes and, per partition, the offsets it starts and ends at. */
export interface SealedBatch {
  changes: IncomingChange[];
  /** Truncates in the batch (current state only); keys accepted after one are in `changes`. */
  truncates?: PartitionTruncate[];
  expected: Map<number, bigint | undefined>;
  next: TopicOffsets;
}

/**
 * Another writer moved the table's offsets for a partition this batch covers, or its schema: the batch
 * is stale. Not retryable as it is; the sink drops it, reloads and re-reads from the table's offsets.
 */
export class StaleBatchError extends IcebergError<'ICEBERG_STALE_BATCH'> {
  constructor(message: string) {
    super('ICEBERG_STALE_BATCH', message);
    this.name = 'StaleBatchError';
  }
}

export interface TableWriterDeps {
  storage: WarehouseStorage;
  /** Where commits go; the file catalog on `storage` unless given. */
  catalog?: Catalog;
  encode: DataFileEncoder;
  readColumns: ColumnReader;
  now: () => number;
  /** Where the live-row index of a current-state table is checkpointed; none: always rebuilt. */
  stateDir?: string;
  onConflict?: () => void;
  /**
   * How long a partial history row waits for its re-emission (ms; 30 min unless given): longer than
   * the enricher's ENRICH_LATE_WINDOW_SECONDS, whose clock is not the sink's.
   */
  reemissionWindowMs?: number;
}

const REEMISSION_WINDOW_MS = 30 * 60 * 1000;

/** A row position a commit deletes. */
interface RowPosition {
  path: string;
  partition: readonly PartitionValue[];
  pos: number;
}

export interface FlushResult {
  rows: number;
  deletes: number;
  dataFiles: number;
  deleteFiles: number;
  bytes: number;
  /** Newest source commit time in the batch (ms), for the source → lake latency. */
  newestSourceCommit: number;
}

const POSITION_DELETE_SCHEMA: IcebergSchema = {
  type: 'struct',
  'schema-id': 0,
  fields: [
    { id: DELETE_FILE_PATH_ID, name: 'file_path', required: true, type: 'string' },
    { id: DELETE_POS_ID, name: 'pos', required: true, type: 'long' },
  ],
};

/**
 * One Iceberg table fed by one topic. It buffers accepted changes, and a flush writes them as one
 * snapshot whose summary records the topic offsets it covers. The table's offsets, not the consumer
 * group's, decide what is new: a record below them is already in the table and is skipped.
 */
export class TableWriter {
  private table: LoadedTable | undefined;
  private tableOffsets: TopicOffsets = new Map();
  /** Per partition, the offset after the last change accepted (buffered, sealed or committed). */
  private accepted: TopicOffsets = new Map();
  /** Per partition of the buffer, the offset after its last change. */
  private buffered: TopicOffsets = new Map();
  private history: IncomingChange[] = [];
  private latest = new Map<string, IncomingChange>();
  private truncates: PartitionTruncate[] = [];
  /** Per partition, the ordinal of the last truncate the table holds (committed). */
  private truncatedBefore = new Map<number, string>();
  private live = new LiveRows();
  /**
   * The snapshot the live-row index describes whole (null: the table has none yet); undefined once
   * another writer's commit lies beneath one of ours. The index then lacks that writer's rows, which
   * is harmless while it keeps its partitions, but a checkpoint of it must never be taken for the table.
   */
  private indexedAt: bigint | null | undefined;
  /** The manifest list of this writer's last commit, which the next one carries over. */
  private lastManifests: SnapshotManifests | undefined;
  /** Current state: the sealed batch being committed, by key; a re-emission compares with it too. */
  private inFlight = new Map<string, IncomingChange>();
  /** History: the buffered rows a re-emission may replace, by source change, as indexes into `history`. */
  private bufferedEmissions = new Map<string, number>();
  /** History: the revision of each row of the sealed batch being committed that a re-emission may replace. */
  private inFlightEmissions = new Map<string, number>();
  /** History: the committed rows a re-emission may replace (partial ones, within the window). */
  private reemittable = new Map<string, ReemittableRow>();
  /** Re-emissions that replaced nothing (their change is newer elsewhere, or its row was not found). */
  private skippedReemissions = 0;
  /** Column types the table has or its buffer is about to give it, by name. */
  private types = new Map<string, PrimitiveType>();
  private refusals = new WeakMap<readonly ColumnShape[], string | undefined>();
  /** Set when a commit failed: the table takes nothing until open() reloads it (see fence). */
  private fenced = false;

  private readonly catalog: Catalog;
  private readonly identifier: TableIdentifier;

  constructor(
    readonly name: LakeTableName,
    readonly location: string,
    readonly topic: string,
    private readonly deps: TableWriterDeps,
  ) {
    this.catalog = deps.catalog ?? fileCatalog(deps.storage, { now: deps.now });
    this.identifier = { namespace: [name.namespace], name: name.name };
  }

  get liveRowCount() {
    return this.live.size;
  }

  /** How many re-emissions this writer skipped since the last call: none of them is a change. */
  takeSkippedReemissions(): number {
    const skipped = this.skippedReemissions;
    this.skippedReemissions = 0;
    return skipped;
  }

  /** The offsets the table's newest snapshot records for another topic (the cut-over reads its old input's). */
  offsetsOn(topic: string): TopicOffsets {
    return offsetsOf(this.table?.metadata, topic);
  }

  /** Whether the table has any snapshot (as of the last open or commit). */
  get hasSnapshot(): boolean {
    return snapshotIdOf(this.table) !== null;
  }

  /** The next offset this table needs per partition: where a consumer resumes for it. */
  get offsets(): TopicOffsets {
    return new Map(this.tableOffsets);
  }

  /** Loads the table's newest state (offsets, live rows) and drops whatever was buffered. */
  async open(): Promise<void> {
    this.discard();
    this.table = await this.catalog.loadTable(this.identifier);
    this.tableOffsets = offsetsOf(this.table?.metadata, this.topic);
    this.truncatedBefore = summaryMap(this.table?.metadata, TRUNCATED_PROPERTY, this.topic);
    this.types = new Map(
      this.table ? currentSchema(this.table.metadata).fields.map((f) => [f.name, f.type]) : [],
    );
    this.refusals = new WeakMap();
    if (this.name.kind === 'current') this.live = await this.restoreLiveRows();
    else this.reemittable = await this.restoreReemittableRows();
    this.indexedAt = snapshotIdOf(this.table);
    // Last, so an open that fails half-way leaves a fenced table fenced.
    this.fenced = false;
  }

  /**
   * After a commit that failed, or before a reload: drops the buffer and takes no change until open()
   * succeeds and the consumer is sought back to the table's offsets. A batch committed meanwhile would
   * start from the offsets the failed one expected and cover its records without holding them.
   */
  fence(): void {
    this.discard();
    this.fenced = true;
  }

  discard() {
    this.history = [];
    this.latest = new Map();
    this.truncates = [];
    this.accepted = new Map();
    this.buffered = new Map();
    this.bufferedEmissions = new Map();
    this.inFlight = new Map();
    this.inFlightEmissions = new Map();
  }

  /**
   * Why the table cannot take this change's columns, if it cannot: a column the lake holds with
   * another type. Such a change would fail every commit it is in, so it is refused one by one.
   */
  refusal(change: IncomingChange): string | undefined {
    if (this.refusals.has(change.columns)) return this.refusals.get(change.columns);
    let reason: string | undefined;
    for (const column of change.columns) {
      const type = this.types.get(column.name);
      if (type !== undefined && type !== column.type) {
        reason = `${this.name.name}.${column.name} is ${type} in the lake but ${column.type} in the record's schema`;
        break;
      }
      // No data file could hold the column (a decimal of more than 38 digits): every commit would fail.
      const unwritable = typeRefusal(column.type);
      if (unwritable) {
        reason = `${this.name.name}.${column.name}: ${unwritable}`;
        break;
      }
    }
    // Once per writer schema, not per record; the first accepted schema of a new table sets its types.
    if (!reason)
      for (const column of change.columns)
        if (!this.types.has(column.name)) this.types.set(column.name, column.type);
    this.refusals.set(change.columns, reason);
    return reason;
  }

  /** Moves past a record that becomes no row (dead-lettered), so commits cover its offset. */
  pass(partition: number, offset: bigint): void {
    if (this.fenced) return;
    const from = this.accepted.get(partition) ?? this.tableOffsets.get(partition) ?? 0n;
    if (offset < from) return;
    this.accepted.set(partition, offset + 1n);
    this.buffered.set(partition, offset + 1n);
  }

  /**
   * Moves past a fetched batch of transaction markers only (libs/kafka marker-batches.ts) when it
   * follows on from what the table took on that partition; one from before a resync's seek does not,
   * and moving to it would skip the records between.
   */
  passMarkers(partition: number, first: bigint, last: bigint): boolean {
    if (this.fenced) return false;
    const from = this.accepted.get(partition) ?? this.tableOffsets.get(partition) ?? 0n;
    if (first !== from) return false;
    this.accepted.set(partition, last + 1n);
    this.buffered.set(partition, last + 1n);
    return true;
  }

  /** Buffers the change unless the table (or this buffer) already holds its offset. */
  accept(change: IncomingChange): boolean {
    if (this.fenced) return false;
    const from = this.accepted.get(change.partition) ?? this.tableOffsets.get(change.partition) ?? 0n;
    if (change.offset < from) return false;
    this.accepted.set(change.partition, change.offset + 1n);
    this.buffered.set(change.partition, change.offset + 1n);
    // The history keeps a truncate as a marker row (op t, no row values), like any change.
    if (this.name.kind === 'changes') this.acceptHistory(change);
    else if (change.event.op === 't') this.acceptTruncate(change);
    // Older than a truncate already applied on its partition: the source removed it since.
    else if (change.event.sourcePosition.ordinal < this.truncateOrdinal(change.partition)) return true;
    // Several changes to one key inside one commit collapse to the last; records of one key share a
    // partition, so arrival order is source order, except for a re-emission of an older change.
    else if (this.currentTakes(change)) this.latest.set(change.event.key, change);
    return true;
  }

  /**
   * One history row per source change: a re-emission replaces its change's row (in the buffer, or by
   * a position delete at commit when it is already written) if it is a higher revision, else is skipped.
   */
  private acceptHistory(change: IncomingChange) {
    const emission = emissionOf(change);
    const id = sourceChangeId(change.event.key, emission.ordinal);
    if (emission.revision > 0) {
      const at = this.bufferedEmissions.get(id);
      if (at !== undefined) {
        const held = emissionOf(this.history[at] as IncomingChange);
        if (replaces(emission, held)) this.history[at] = change;
        else this.skippedReemissions += 1;
        return;
      }
      const revision = this.inFlightEmissions.get(id) ?? this.reemittable.get(id)?.revision;
      const held = revision === undefined ? undefined : { ordinal: emission.ordinal, revision };
      if (!replaces(emission, held)) {
        this.skippedReemissions += 1;
        return;
      }
    }
    if (mayBeReemitted(emission)) this.bufferedEmissions.set(id, this.history.length);
    this.history.push(change);
  }

  /**
   * Whether the current state takes a change: a new change always (arrival order is source order);
   * a re-emission only while its change is the newest one of the key (libs/schemas README).
   */
  private currentTakes(change: IncomingChange): boolean {
    const emission = emissionOf(change);
    if (emission.revision === 0) return true;
    const key = change.event.key;
    const pending = this.latest.get(key) ?? this.inFlight.get(key);
    if (replaces(emission, pending ? emissionOf(pending) : this.live.emission(key))) return true;
    this.skippedReemissions += 1;
    return false;
  }

  /** The ordinal of the last truncate on a partition, committed or buffered ('' when none). */
  private truncateOrdinal(partition: number): string {
    let ordinal = this.truncatedBefore.get(partition) ?? '';
    for (const t of this.truncates) if (t.partition === partition && t.ordinal > ordinal) ordinal = t.ordinal;
    return ordinal;
  }

  /**
   * A truncate on one partition ends every key it holds whose last change is older: those buffered
   * are dropped now, and those already in the table get position deletes at commit (when the live-row
   * index includes the commit in flight). Newer changes, before or after it, stay.
   */
  private acceptTruncate(change: IncomingChange) {
    const partitions = change.partitions;
    if (partitions === undefined)
      throw new Error(`${this.name.name}: a truncate needs its topic's partition count`);
    const ordinal = change.event.sourcePosition.ordinal;
    for (const [key, latest] of [...this.latest]) {
      if (latest.partition === change.partition && latest.event.sourcePosition.ordinal < ordinal) {
        this.latest.delete(key);
      }
    }
    this.truncates.push({ partition: change.partition, partitions, ordinal });
  }

  /** Writes the buffer as one snapshot; throws StaleBatchError if another writer got there first. */
  async flush(): Promise<FlushResult | undefined> {
    const sealed = this.seal();
    return sealed ? this.commit(sealed) : undefined;
  }

  /**
   * Takes the buffer as the next snapshot's content; accepting goes on into a fresh buffer while it
   * commits. Seal again only after that commit finished: the next batch starts from its offsets, and
   * its position deletes from the rows it placed.
   */
  seal(): SealedBatch | undefined {
    if (this.buffered.size === 0) return undefined;
    const sealed: SealedBatch = {
      changes: this.name.kind === 'changes' ? this.history : [...this.latest.values()],
      ...(this.truncates.length > 0 ? { truncates: this.truncates } : {}),
      expected: new Map([...this.buffered.keys()].map((p) => [p, this.tableOffsets.get(p)])),
      next: this.buffered,
    };
    if (this.name.kind === 'current') this.inFlight = this.latest;
    else
      this.inFlightEmissions = new Map(
        [...this.bufferedEmissions].map(([id, at]) => [
          id,
          emissionOf(this.history[at] as IncomingChange).revision,
        ]),
      );
    this.history = [];
    this.latest = new Map();
    this.truncates = [];
    this.buffered = new Map();
    this.bufferedEmissions = new Map();
    return sealed;
  }

  /** Commits a sealed batch as one snapshot; StaleBatchError if another writer got there first. */
  async commit({ changes, truncates, expected, next: nextOffsets }: SealedBatch): Promise<FlushResult> {
    const lakeCommittedAt = this.deps.now();
    const base = await this.baseFor(changes);
    const schema = this.schemaFor(base.metadata, changes);
    const spec = bindSpec(base.metadata['partition-specs'][0] ?? { 'spec-id': 0, fields: [] }, schema);
    const written = this.written(changes);
    const groups = partitionColumns(this.name.kind, schema, spec, written, lakeCommittedAt);
    const dataFiles: ContentFile[] = [];
    const placed: { change: IncomingChange; path: string; partition: PartitionValue[]; pos: number }[] = [];
    const uploads: Promise<void>[] = [];
    try {
      for (const group of groups) {
        const path = joinLocation(
          this.location,
          'data',
          partitionPath(spec, group.partition),
          `${lakeCommittedAt}-${randomUUID()}.parquet`,
        );
        const encoded = await this.deps.encode(schema, group.columns);
        // Uploads overlap the next group's encoding; the commit waits for all of them.
        uploads.push(this.deps.storage.write(path, encoded.bytes));
        dataFiles.push(contentFileOf(FileContent.Data, path, group.partition, encoded, schema));
        group.changes.forEach((change, pos) => {
          placed.push({ change, path, partition: group.partition, pos });
        });
      }
    } catch (error) {
      // A row that fails to encode ends the commit: the uploads already started are waited for, so
      // none fails later unobserved (an unhandled rejection ends the process).
      await Promise.allSettled(uploads);
      throw error;
    }
    await Promise.all(uploads);

    // The keys whose live rows this commit ends: every changed key, and every key a truncate took.
    const ended = this.name.kind === 'current' ? await this.endedKeys(changes, truncates) : [];
    // The history rows this commit's re-emissions replace.
    const replaced = this.name.kind === 'changes' ? this.replacedHistoryRows(changes) : [];
    const deleteFiles = await this.writeDeletes(
      this.name.kind === 'current'
        ? ended.flatMap((key) => this.live.get(key) ?? [])
        : replaced.map(([, row]) => row),
      lakeCommittedAt,
    );
    const deletes = deleteFiles.reduce((n, f) => n + f.recordCount, 0);
    const staged = stagedSnapshot(
      this.deps.storage,
      this.location,
      {
        snapshotId: newSnapshotId(),
        timestampMs: lakeCommittedAt,
        dataFiles,
        deleteFiles,
        schema,
        properties: {},
      },
      this.lastManifests,
    );
    const committed = await commitWithRetries(
      this.catalog,
      base,
      async (candidate) => {
        const now = offsetsOf(candidate.metadata, this.topic);
        for (const [partition, offset] of expected) {
          if (now.get(partition) !== offset) {
            throw new StaleBatchError(
              `${this.name.name}: partition ${partition} is at offset ${now.get(partition) ?? 'none'} in the table, the batch expected ${offset ?? 'none'}`,
            );
          }
        }
        if (
          candidate.metadataLocation !== base.metadataLocation &&
          !schemaStillFits(candidate.metadata, schema)
        ) {
          throw new StaleBatchError(`${this.name.name}: another writer changed the schema`);
        }
        // A compaction (or another engine) replaced data files since the base: this batch's position
        // deletes and the live-row index name rows where they no longer are. The batch is dropped,
        // and the resync rebuilds the index from the table (docs/decisions/0009).
        const positional =
          this.name.kind === 'current' || deleteFiles.length > 0 || this.reemittable.size > 0;
        const rewrite =
          positional && candidate.metadataLocation !== base.metadataLocation
            ? removedDataFilesSince(candidate.metadata, currentSnapshot(base.metadata)?.['snapshot-id'])
            : undefined;
        if (rewrite) {
          throw new StaleBatchError(
            `${this.name.name}: snapshot ${rewrite['snapshot-id']} (${rewrite.summary.operation}) replaced data files`,
          );
        }
        const truncated = truncatedAfter(this.truncatedBefore, truncates);
        staged.change.properties = {
          [OFFSETS_PROPERTY]: withOffsets(candidate.metadata, this.topic, nextOffsets),
          ...(truncated.size > 0
            ? {
                [TRUNCATED_PROPERTY]: withSummaryMap(
                  candidate.metadata,
                  TRUNCATED_PROPERTY,
                  this.topic,
                  truncated,
                ),
              }
            : {}),
        };
        return staged.build(candidate);
      },
      { onConflict: this.deps.onConflict },
    );

    const parent = currentSnapshot(committed.metadata)?.['parent-snapshot-id'] ?? null;
    this.indexedAt =
      this.indexedAt !== undefined && parent === this.indexedAt ? snapshotIdOf(committed) : undefined;
    this.table = committed;
    this.lastManifests = staged.manifests();
    for (const [partition, offset] of nextOffsets) this.tableOffsets.set(partition, offset);
    this.truncatedBefore = truncatedAfter(this.truncatedBefore, truncates);
    if (this.name.kind === 'current') {
      for (const key of ended) this.live.delete(key);
      for (const p of placed) {
        const key = p.change.event.key;
        this.live.set(key, p.path, p.partition, p.pos);
        const emission = emissionOf(p.change);
        if (mayBeReemitted(emission)) this.live.setEmission(key, emission);
      }
    } else {
      this.rememberReemittable(replaced, placed, lakeCommittedAt);
    }
    this.inFlight = new Map();
    this.inFlightEmissions = new Map();
    const result: FlushResult = {
      rows: written.length,
      deletes,
      dataFiles: dataFiles.length,
      deleteFiles: deleteFiles.length,
      bytes: [...dataFiles, ...deleteFiles].reduce((n, f) => n + f.sizeInBytes, 0),
      // A loop, not Math.max(...): a spread of 100k+ arguments overflows the stack.
      newestSourceCommit: changes.reduce(
        (newest, c) => Math.max(newest, Number(c.event.committedAt / 1000n)),
        0,
      ),
    };
    return result;
  }

  /**
   * The changes of a sealed batch whose rows fail to encode on their own, each with its error: the
   * batch is encoded again in parts (lake/isolate.ts) as its commit encodes it, and nothing is written.
   * None when the records are not to blame: a file of no rows fails too (the schema is the problem),
   * or the whole batch encodes now. A transient failure meanwhile is thrown.
   */
  async poisonIn({ changes }: SealedBatch): Promise<Culprit<IncomingChange>[]> {
    // The failed commit got as far as its base (it loads or creates the table first); else it failed there.
    const base = this.table;
    if (!base) return [];
    const lakeCommittedAt = this.deps.now();
    const schema = this.schemaFor(base.metadata, changes);
    const spec = bindSpec(base.metadata['partition-specs'][0] ?? { 'spec-id': 0, fields: [] }, schema);
    try {
      await this.deps.encode(schema, { rowCount: 0, columns: {} });
    } catch (error) {
      if (isTransient(error)) throw error;
      return [];
    }
    const encodeOnly = async (subset: readonly IncomingChange[]) => {
      for (const group of partitionColumns(this.name.kind, schema, spec, subset, lakeCommittedAt)) {
        const encoded = await this.deps.encode(schema, group.columns);
        // The bounds as the manifest entry would hold them: their byte forms can fail too.
        contentFileOf(FileContent.Data, this.location, group.partition, encoded, schema);
      }
    };
    return isolateCulprits(this.written(changes), encodeOnly, isTransient);
  }

  /** The changes that become rows: the current state holds none for a deleted key, only its position delete. */
  private written(changes: IncomingChange[]): IncomingChange[] {
    return this.name.kind === 'current'
      ? changes.filter((c) => c.event.op !== 'd' && c.event.after)
      : changes;
  }

  /** Saves the live-row index at the current snapshot, so the next start need not rebuild it. */
  async checkpoint(): Promise<void> {
    const snapshot = this.table ? currentSnapshot(this.table.metadata) : undefined;
    if (this.name.kind !== 'current' || !this.deps.stateDir || !this.table || !snapshot) return;
    if (this.indexedAt !== snapshot['snapshot-id']) return;
    await saveCheckpoint(this.checkpointPath(this.table), {
      tableUuid: this.table.metadata['table-uuid'],
      snapshotId: snapshot['snapshot-id'],
      rows: this.live,
    });
  }

  private checkpointPath(table: LoadedTable) {
    return joinLocation(this.deps.stateDir as string, `${table.metadata['table-uuid']}.live-rows.json`);
  }

  private async restoreLiveRows(): Promise<LiveRows> {
    const snapshot = this.table ? currentSnapshot(this.table.metadata) : undefined;
    if (!this.table || !snapshot) return new LiveRows();
    if (this.deps.stateDir) {
      const saved = await loadCheckpoint(
        this.checkpointPath(this.table),
        this.table.metadata['table-uuid'],
        snapshot['snapshot-id'],
      );
      if (saved) return saved;
    }
    return rebuildLiveRows(this.deps.storage, this.table, this.deps.readColumns);
  }

  private async baseFor(changes: readonly IncomingChange[]): Promise<LoadedTable> {
    if (this.table) return this.table;
    const columns = [...lakeColumnsOf(this.name.kind), ...columnsOf(changes)];
    const schema = initialSchema(columns);
    this.table = await loadOrCreateTable(this.catalog, this.identifier, {
      location: this.location,
      schema,
      spec: partitionSpecFor(this.name, changes[0]?.event.table ?? this.name.name, schema),
      properties: {
        'write.format.default': 'parquet',
        'write.delete.mode': 'merge-on-read',
        'write.update.mode': 'merge-on-read',
        'lakestream.source-table': changes[0]?.event.table ?? '',
        'lakestream.kind': this.name.kind,
      },
    });
    // Another instance may have created it and committed since open(): the empty index is not its whole.
    if (snapshotIdOf(this.table) !== null) this.indexedAt = undefined;
    return this.table;
  }

  private schemaFor(metadata: TableMetadata, changes: readonly IncomingChange[]): IcebergSchema {
    return evolveSchema(
      currentSchema(metadata),
      metadata['last-column-id'],
      [...lakeColumnsOf(this.name.kind), ...columnsOf(changes)],
      metadata.schemas.map((s) => s['schema-id']),
    );
  }

  /**
   * The changed keys, plus the live keys a truncate took: those its partition holds whose last change
   * (the `_source_ordinal` of their live row, read from the table) is older than the truncate.
   */
  private async endedKeys(
    changes: readonly IncomingChange[],
    truncates: readonly PartitionTruncate[] = [],
  ): Promise<string[]> {
    const keys = changes.map((change) => change.event.key);
    if (truncates.length === 0 || !this.table) return keys;
    const changed = new Set(keys);
    const taken = await liveKeysWhere(
      this.deps.storage,
      this.table,
      this.deps.readColumns,
      this.live,
      (key, ordinal) =>
        !changed.has(key) &&
        truncates.some((t) => ordinal < t.ordinal && keyPartition(key, t.partitions) === t.partition),
    );
    return [...keys, ...taken];
  }

  /** The committed history rows (by source change) that a re-emission of this batch replaces. */
  private replacedHistoryRows(changes: readonly IncomingChange[]): [string, ReemittableRow][] {
    const replaced: [string, ReemittableRow][] = [];
    for (const change of changes) {
      const emission = emissionOf(change);
      if (emission.revision === 0) continue;
      const id = sourceChangeId(change.event.key, emission.ordinal);
      const held = this.reemittable.get(id);
      if (held && replaces(emission, { ordinal: emission.ordinal, revision: held.revision }))
        replaced.push([id, held]);
    }
    return replaced;
  }

  /** After a history commit: forgets the rows it replaced and those past the window, adds its partial rows. */
  private rememberReemittable(
    replaced: readonly [string, ReemittableRow][],
    placed: readonly { change: IncomingChange; path: string; partition: PartitionValue[]; pos: number }[],
    lakeCommittedAt: number,
  ) {
    for (const [id] of replaced) this.reemittable.delete(id);
    for (const p of placed) {
      const emission = emissionOf(p.change);
      if (!mayBeReemitted(emission)) continue;
      this.reemittable.set(sourceChangeId(p.change.event.key, emission.ordinal), {
        path: p.path,
        partition: p.partition,
        pos: p.pos,
        revision: emission.revision,
        writtenAt: lakeCommittedAt,
      });
    }
    const since = lakeCommittedAt - (this.deps.reemissionWindowMs ?? REEMISSION_WINDOW_MS);
    for (const [id, row] of this.reemittable) if (row.writtenAt < since) this.reemittable.delete(id);
  }

  private async restoreReemittableRows(): Promise<Map<string, ReemittableRow>> {
    if (!this.table) return new Map();
    const since = this.deps.now() - (this.deps.reemissionWindowMs ?? REEMISSION_WINDOW_MS);
    return rebuildReemittableRows(this.deps.storage, this.table, this.deps.readColumns, since);
  }

  /** Position deletes for the given rows, one file per partition. */
  private async writeDeletes(
    positions: readonly RowPosition[],
    lakeCommittedAt: number,
  ): Promise<ContentFile[]> {
    const byPartition = new Map<
      string,
      { partition: readonly PartitionValue[]; rows: { path: string; pos: number }[] }
    >();
    for (const old of positions) {
      const key = partitionKey(old.partition);
      const group = byPartition.get(key) ?? { partition: old.partition, rows: [] };
      group.rows.push({ path: old.path, pos: old.pos });
      byPartition.set(key, group);
    }
    const spec = bindSpec(
      this.table?.metadata['partition-specs'][0] ?? { 'spec-id': 0, fields: [] },
      currentSchema(this.table?.metadata as TableMetadata),
    );
    const files: ContentFile[] = [];
    for (const group of byPartition.values()) {
      // Sorted by file and position, as the spec requires of position-delete files.
      group.rows.sort((a, b) => compareValues(a.path, b.path) || a.pos - b.pos);
      const path = joinLocation(
        this.location,
        'data',
        partitionPath(spec, [...group.partition]),
        `${lakeCommittedAt}-${randomUUID()}-deletes.parquet`,
      );
      const encoded = await this.deps.encode(
        POSITION_DELETE_SCHEMA,
        group.rows.map((r) => ({ file_path: r.path, pos: BigInt(r.pos) })),
      );
      await this.deps.storage.write(path, encoded.bytes);
      files.push(
        contentFileOf(
          FileContent.PositionDeletes,
          path,
          [...group.partition],
          encoded,
          POSITION_DELETE_SCHEMA,
        ),
      );
    }
    return files;
  }
}

/** The id of a table's current snapshot; null when it has none (or there is no table). */
function snapshotIdOf(table: LoadedTable | undefined): bigint | null {
  return (table ? currentSnapshot(table.metadata)?.['snapshot-id'] : undefined) ?? null;
}

/** The row columns of a batch: the newest writer schema's order, then any column only older ones had. */
function columnsOf(changes: readonly IncomingChange[]): ColumnShape[] {
  const seen = new Map<string, ColumnShape>();
  const newestFirst = [...changes].sort((a, b) => b.event.schemaVersion - a.event.schemaVersion);
  for (const change of newestFirst)
    for (const column of change.columns) if (!seen.has(column.name)) seen.set(column.name, column);
  return [...seen.values()];
}

/** Whether the schema the batch was written with still agrees, id for id, with the table's. */
function schemaStillFits(metadata: TableMetadata, schema: IcebergSchema): boolean {
  const known = metadata.schemas.find((s) => s['schema-id'] === schema['schema-id']);
  if (known) return JSON.stringify(known.fields) === JSON.stringify(schema.fields);
  const current = currentSchema(metadata);
  const same = (a: IcebergSchema['fields'][number], b: IcebergSchema['fields'][number]) =>
    a.id === b.id && a.name === b.name && a.type === b.type;
  const added = schema.fields.filter((f) => !current.fields.some((g) => g.id === f.id));
  return (
    current.fields.every((f) => schema.fields.some((g) => same(f, g))) &&
    added.every((f) => f.id > metadata['last-column-id'])
  );
}

/** The truncate ordinals per partition after a batch's truncates (the newest of each). */
function truncatedAfter(before: ReadonlyMap<number, string>, truncates: readonly PartitionTruncate[] = []) {
  const after = new Map(before);
  for (const t of truncates)
    if (t.ordinal > (after.get(t.partition) ?? '')) after.set(t.partition, t.ordinal);
  return after;
}
