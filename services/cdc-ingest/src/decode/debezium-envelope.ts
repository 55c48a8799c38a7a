import type { ConvertContext } from './convert';
import { DecodeError } from './errors';
import {
  type Obj,
  optionalBigInt,
  optionalObj,
  optionalString,
  requireBigInt,
  requireObj,
  requireSafeInt,
  requireString,
} from './read';
import { convertRow, keyFromRow } from './rows';
import { epochToMicros } from './temporal';
import { headerText } from './topics';
import type {
  BinlogPosition,
  ChangeOp,
  ColumnInfo,
  CommonOptions,
  DecodedChange,
  RecordHeaders,
  Row,
} from './types';

/**
 * The Debezium change event envelope, whatever carried it (JSON with or without schema, Avro):
 * `{ before, after, source, op, ts_ms, ts_us, ts_ns, transaction }` (Debezium MariaDB connector,
 * "Data change events"). `op` is c (create), u (update), d (delete), r (snapshot read) or t
 * (truncate: no before, no after and no key, emitted unless `skipped.operations` includes t, its
 * default); m (message) exists too and is refused.
 */
export interface EnvelopeInput {
  readonly payload: Obj;
  /** The row columns from the writer's schema; undefined when the record came without one. */
  readonly columns: readonly ColumnInfo[] | undefined;
  /** Converts the record's key for the table (its hints may type the key); null when there is none. */
  readonly key: (table: string) => Row | null;
  readonly topicTable: string | null;
  /** The database the topic name gives (`<prefix>.<database>.<table>`), if it follows that form. */
  readonly topicDatabase: string | null;
  readonly headers: RecordHeaders | undefined;
  readonly options: CommonOptions;
}

const ops: readonly string[] = ['c', 'u', 'd', 'r', 't'];

export function decodeEnvelope(input: EnvelopeInput): DecodedChange {
  const { payload, columns, options } = input;
  const op = requireString(payload.op, 'op');
  if (!ops.includes(op)) {
    const name = op === 'm' ? 'logical decoding message' : 'unknown';
    throw new DecodeError('DECODE_UNSUPPORTED_OP', `op ${JSON.stringify(op)} (${name}) is not a row change`);
  }
  const source = requireObj(payload.source, 'source');
  const table = optionalString(source.table, 'source.table') ?? input.topicTable;
  if (table === null)
    throw new DecodeError('DECODE_MISSING_FIELD', 'source.table is missing and the topic names no table');
  const database = optionalString(source.db, 'source.db') ?? input.topicDatabase;
  const position = binlogPosition(source, payload, op as ChangeOp);
  const common = {
    kind: 'change' as const,
    database,
    table,
    op: op as ChangeOp,
    position,
    committedAtUs: commitMicros(source, payload),
    emittedAtNs: emittedAtNs(payload),
    ...(columns ? { columns } : {}),
  };
  // A truncate removes every row at once: it carries no row, and Debezium sends it without a key.
  if (op === 't') return { ...common, key: {}, before: null, after: null, warnings: [] };
  const spec = options.tables?.[table];
  const ctx: ConvertContext = { subMicrosecond: options.subMicrosecond ?? 'truncate', warnings: [] };

  const rawBefore = optionalObj(payload.before, 'before');
  const rawAfter = optionalObj(payload.after, 'after');
  if ((op === 'c' || op === 'r' || op === 'u') && !rawAfter) {
    throw new DecodeError('DECODE_MISSING_FIELD', `after is missing in an op=${op} event`);
  }
  if (op === 'd' && !rawBefore)
    throw new DecodeError('DECODE_MISSING_FIELD', 'before is missing in an op=d event');
  const before = rawBefore && convertRow(rawBefore, columns, spec?.columns, 'before', ctx);
  const after = rawAfter && convertRow(rawAfter, columns, spec?.columns, 'after', ctx);

  let key = input.key(table);
  if (!key) {
    if (!spec?.primaryKey) {
      throw new DecodeError(
        'DECODE_MISSING_FIELD',
        `the record has no key and no primary key is configured for ${table}`,
      );
    }
    key = keyFromRow((after ?? before) as Row, spec.primaryKey, op === 'd' ? 'before' : 'after');
  }

  const newKey = headerText(input.headers?.['__debezium.newkey']);
  const oldKey = headerText(input.headers?.['__debezium.oldkey']);
  return {
    ...common,
    key,
    before,
    after,
    ...(newKey !== undefined || oldKey !== undefined
      ? {
          keyChange: {
            ...(newKey !== undefined ? { newKey } : {}),
            ...(oldKey !== undefined ? { oldKey } : {}),
          },
        }
      : {}),
    warnings: ctx.warnings,
  };
}

/**
 * The MariaDB `source` block: file, pos, row, gtid, server_id, snapshot, ts_ms/ts_us/ts_ns. During
 * the initial snapshot every record carries the same file/pos/row (the binlog position the snapshot
 * was taken at) and `gtid` is null.
 */
function binlogPosition(source: Obj, payload: Obj, op: ChangeOp): BinlogPosition {
  const rawSnapshot = source.snapshot;
  const snapshotMarker =
    rawSnapshot === undefined || rawSnapshot === null
      ? null
      : typeof rawSnapshot === 'boolean'
        ? String(rawSnapshot)
        : requireString(rawSnapshot, 'source.snapshot');
  const gtid = optionalString(source.gtid, 'source.gtid');
  const transaction = optionalObj(payload.transaction, 'transaction');
  return {
    source: 'binlog',
    file: requireString(source.file, 'source.file'),
    pos: requireBigInt(source.pos, 'source.pos'),
    row: requireSafeInt(source.row ?? 0, 'source.row'),
    gtid,
    txId: (transaction && optionalString(transaction.id, 'transaction.id')) ?? gtid,
    snapshot: op === 'r' || (snapshotMarker !== null && snapshotMarker !== 'false'),
    snapshotMarker,
    serverId: optionalBigInt(source.server_id, 'source.server_id'),
    sourceTsMs:
      source.ts_ms === undefined || source.ts_ms === null
        ? null
        : requireSafeInt(source.ts_ms, 'source.ts_ms'),
    sourceTsUs: optionalBigInt(source.ts_us, 'source.ts_us'),
    sourceTsNs: optionalBigInt(source.ts_ns, 'source.ts_ns'),
    commitTimeFrom: epochMicros(source, 'source') === null ? 'envelope' : 'source',
  };
}

/**
 * When the source transaction committed, in epoch µs: `source.ts_us`, `ts_ms` or `ts_ns` (the
 * binlog event time; Debezium ≥ 2.6 writes all three). An older Debezium wrote no `source.ts_*` in
 * some envelopes; then the envelope's own `ts_us`/`ts_ms`/`ts_ns` (when the connector processed the
 * event, the closest time the record carries) stands in. A nanosecond count is floored to the µs.
 */
function commitMicros(source: Obj, payload: Obj): bigint {
  const us = epochMicros(source, 'source') ?? epochMicros(payload, 'envelope');
  if (us === null) {
    throw new DecodeError(
      'DECODE_MISSING_FIELD',
      'neither source.ts_ms (nor ts_us, ts_ns) nor the envelope ts_ms (nor ts_us, ts_ns) is present',
    );
  }
  return us;
}

function epochMicros(block: Obj, what: 'source' | 'envelope'): bigint | null {
  const at = (field: string) => optionalBigInt(block[field], what === 'source' ? `source.${field}` : field);
  const us = at('ts_us');
  if (us !== null) return us;
  const ms = at('ts_ms');
  if (ms !== null) return ms * 1_000n;
  const ns = at('ts_ns');
  return ns === null ? null : epochToMicros(ns, 'ns', what).us;
}

/** The envelope's own `ts_ns` (Debezium ≥ 2.6), else `ts_us` or `ts_ms` scaled; processing time. */
function emittedAtNs(payload: Obj): bigint | null {
  const ns = optionalBigInt(payload.ts_ns, 'ts_ns');
  if (ns !== null) return ns;
  const us = optionalBigInt(payload.ts_us, 'ts_us');
  if (us !== null) return us * 1_000n;
  const ms = optionalBigInt(payload.ts_ms, 'ts_ms');
  return ms === null ? null : ms * 1_000_000n;
}
