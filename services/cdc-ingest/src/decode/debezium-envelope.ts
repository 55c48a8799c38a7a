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
 * "Data change events"). `op` is c (create), u (update), d (delete) or r (snapshot read); t (truncate)
 * and m (message) exist too and are refused.
 */
export interface EnvelopeInput {
  readonly payload: Obj;
  /** The row columns from the writer's schema; undefined when the record came without one. */
  readonly columns: readonly ColumnInfo[] | undefined;
  /** Converts the record's key for the table (its hints may type the key); null when there is none. */
  readonly key: (table: string) => Row | null;
  readonly topicTable: string | null;
  readonly headers: RecordHeaders | undefined;
  readonly options: CommonOptions;
}

const ops: readonly string[] = ['c', 'u', 'd', 'r'];

export function decodeEnvelope(input: EnvelopeInput): DecodedChange {
  const { payload, columns, options } = input;
  const op = requireString(payload.op, 'op');
  if (!ops.includes(op)) {
    const name = op === 't' ? 'truncate' : op === 'm' ? 'logical decoding message' : 'unknown';
    throw new DecodeError('DECODE_UNSUPPORTED_OP', `op ${JSON.stringify(op)} (${name}) is not a row change`);
  }
  const source = requireObj(payload.source, 'source');
  const table = optionalString(source.table, 'source.table') ?? input.topicTable;
  if (table === null)
    throw new DecodeError('DECODE_MISSING_FIELD', 'source.table is missing and the topic names no table');
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

  const position = binlogPosition(source, payload, op as ChangeOp);
  const newKey = headerText(input.headers?.['__debezium.newkey']);
  const oldKey = headerText(input.headers?.['__debezium.oldkey']);
  return {
    kind: 'change',
    table,
    op: op as ChangeOp,
    key,
    before,
    after,
    position,
    committedAtUs: position.sourceTsUs ?? BigInt(position.sourceTsMs) * 1000n,
    emittedAtNs: emittedAtNs(payload),
    ...(columns ? { columns } : {}),
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
    sourceTsMs: requireSafeInt(source.ts_ms, 'source.ts_ms'),
    sourceTsUs: optionalBigInt(source.ts_us, 'source.ts_us'),
    sourceTsNs: optionalBigInt(source.ts_ns, 'source.ts_ns'),
  };
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
