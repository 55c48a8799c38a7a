import { isLosslessNumber } from 'lossless-json';
import type { ConvertContext } from './convert';
import { atBoundary, DecodeError } from './errors';
import { parseJson } from './json';
import {
  describe,
  isObj,
  type Obj,
  optionalBigInt,
  optionalObj,
  optionalString,
  requireObj,
  requireString,
} from './read';
import { convertRow, keyFromRow } from './rows';
import { parseIsoInstant } from './temporal';
import type {
  ChangeOp,
  ColumnHints,
  CommonOptions,
  DecodeResult,
  DecodeWarning,
  DmsPosition,
  RawRecord,
  Row,
} from './types';

export interface DmsJsonOptions extends CommonOptions {
  /**
   * BeforeImageSettings.FieldName of the DMS task (DMS User Guide, "Before image task settings"):
   * the attribute beside `data` holding the old row of an update. Default `before-image`.
   */
  readonly beforeImageField?: string;
  /**
   * The `column-prefix` of an `add-before-image-columns` transformation rule (DMS User Guide,
   * "Transformation rules and actions"): the old value of column c arrives in `data` as `<prefix>c`.
   * Default `BI_`, the rule's own default.
   */
  readonly beforeImagePrefix?: string;
}

/**
 * AWS DMS with an Apache Kafka target (DMS User Guide, "Using Apache Kafka as a target", message
 * format): `{ "data": {...}, "metadata": { "timestamp", "record-type": "data" | "control",
 * "operation": "load" | "insert" | "update" | "delete", "partition-key-type", "schema-name",
 * "table-name", "transaction-id", and with IncludeTransactionDetails "commit-timestamp",
 * "transaction-record-id", "prev-transaction-id", "prev-transaction-record-id", "stream-position" },
 * "before-image": {...} }`. `load` (full load) → op r; for delete `data` is the deleted row.
 * DMS sends no schema and no key record: types come from the table's hints and the key from
 * `tables[table].primaryKey`. DMS writes DATETIME/TIMESTAMP as ISO text, read as UTC (the source
 * endpoint must run in UTC), DATE as `YYYY-MM-DD` and DECIMAL as text, read exactly.
 */
export function decodeDmsJson(record: RawRecord, options: DmsJsonOptions): DecodeResult {
  return atBoundary(() => {
    const value = parseJson(record.value, 'value');
    // DMS writes no tombstones; one on a compacted topic is still reported as such.
    if (value === undefined || value === null) return { kind: 'tombstone', table: null, key: null };
    if (!isObj(value) || !isObj(value.metadata)) {
      throw new DecodeError(
        'DECODE_UNKNOWN_ENVELOPE',
        `value is ${describe(value)} without metadata: not a DMS message`,
      );
    }
    const metadata = value.metadata;
    const recordType = requireString(metadata['record-type'], 'metadata.record-type');
    const operation = requireString(metadata.operation, 'metadata.operation');
    if (recordType === 'control') {
      return { kind: 'ignored', reason: 'dms-control', detail: `DMS control record: ${operation}` };
    }
    if (recordType !== 'data') {
      throw new DecodeError(
        'DECODE_UNKNOWN_ENVELOPE',
        `metadata.record-type ${JSON.stringify(recordType)} is not data or control`,
      );
    }
    const op = dmsOps[operation];
    if (!op)
      throw new DecodeError(
        'DECODE_UNSUPPORTED_OP',
        `metadata.operation ${JSON.stringify(operation)} is not a row change`,
      );
    const table = requireString(metadata['table-name'], 'metadata.table-name');
    const spec = options.tables?.[table];
    if (!spec?.primaryKey) {
      throw new DecodeError(
        'DECODE_MISSING_FIELD',
        `DMS messages carry no key: configure the primary key of ${table}`,
      );
    }
    const hints = textDecimals(spec.columns);
    // DMS writes some numbers (integer columns among them) as JSON strings.
    const ctx: ConvertContext = {
      subMicrosecond: options.subMicrosecond ?? 'truncate',
      warnings: [],
      numbersAsText: true,
    };
    const split = splitBeforeImageColumns(requireObj(value.data, 'data'), options.beforeImagePrefix ?? 'BI_');
    const data = convertRow(split.data, undefined, hints, 'data', ctx);
    const image =
      optionalObj(value[options.beforeImageField ?? 'before-image'], 'before-image') ?? split.image;
    const before = op === 'd' ? data : op === 'u' && image ? beforeImage(image, data, hints, ctx) : null;
    const after = op === 'd' ? null : data;
    const key = keyFromRow(after ?? data, spec.primaryKey, op === 'd' ? 'data (deleted row)' : 'data');
    const previousKey = op === 'u' && image ? changedKey(image, key, spec.primaryKey, hints, ctx) : undefined;
    const position = dmsPosition(metadata, op);
    return {
      kind: 'change',
      database: optionalString(metadata['schema-name'], 'metadata.schema-name'),
      table,
      op,
      key,
      ...(previousKey ? { previousKey } : {}),
      before,
      after,
      position,
      committedAtUs: position.commitTimestampUs,
      emittedAtNs: null,
      warnings: ctx.warnings,
    };
  });
}

/**
 * Takes the before-image columns an `add-before-image-columns` rule put into `data` out of it: a
 * field `<prefix>c` is the old value of column c when `data` also has c. On an insert or delete they
 * are null, like a before image that does not exist.
 */
function splitBeforeImageColumns(data: Obj, prefix: string): { data: Obj; image: Obj | null } {
  const row: Record<string, unknown> = {};
  const image: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    const column = name.startsWith(prefix) ? name.slice(prefix.length) : undefined;
    if (column !== undefined && column in data) image[column] = value;
    else row[name] = value;
  }
  const present = Object.values(image).some((v) => v !== null && v !== undefined);
  return { data: row, image: present ? image : null };
}

const dmsOps: Readonly<Record<string, ChangeOp>> = { load: 'r', insert: 'c', update: 'u', delete: 'd' };

/**
 * The before image is the whole old row only when it has every column of `data`; with
 * ColumnFilter `pk-only` (the default) or LOB columns left out it is partial, and a partial row
 * cannot stand as `before`: it is dropped with a PARTIAL_BEFORE_IMAGE warning.
 */
function beforeImage(image: Obj, data: Row, hints: ColumnHints | undefined, ctx: ConvertContext): Row | null {
  if (Object.keys(image).length === 0) return null;
  const missing = Object.keys(data).filter((c) => !(c in image));
  if (missing.length > 0) {
    const warning: DecodeWarning = {
      code: 'PARTIAL_BEFORE_IMAGE',
      column: null,
      detail: `before-image lacks ${missing.join(', ')}; before is null`,
    };
    ctx.warnings.push(warning);
    return null;
  }
  return convertRow(image, undefined, hints, 'before-image', ctx);
}

/** The key before an update, when the before image has it and it differs from the new key. */
function changedKey(
  image: Obj,
  key: Row,
  primaryKey: readonly string[],
  hints: ColumnHints | undefined,
  ctx: ConvertContext,
): Row | undefined {
  if (!primaryKey.every((c) => image[c] !== undefined && image[c] !== null)) return undefined;
  const old = keyFromRow(
    convertRow(image, undefined, hints, 'before-image', ctx),
    primaryKey,
    'before-image',
  );
  return primaryKey.some((c) => old[c] !== key[c]) ? old : undefined;
}

function dmsPosition(metadata: Obj, op: ChangeOp): DmsPosition {
  const commit = optionalString(metadata['commit-timestamp'], 'metadata.commit-timestamp');
  const at = commit ?? requireString(metadata.timestamp, 'metadata.timestamp');
  const what = commit ? 'metadata.commit-timestamp' : 'metadata.timestamp';
  return {
    source: 'dms',
    file: null,
    pos: 0n,
    row: 0,
    gtid: null,
    txId: idText(metadata['transaction-id'], 'metadata.transaction-id'),
    snapshot: op === 'r',
    commitTimestampUs: parseIsoInstant(at, what).us,
    commitTimestampFrom: commit ? 'commit-timestamp' : 'timestamp',
    transactionRecordId: optionalBigInt(metadata['transaction-record-id'], 'metadata.transaction-record-id'),
    prevTransactionId: idText(metadata['prev-transaction-id'], 'metadata.prev-transaction-id'),
    streamPosition: optionalString(metadata['stream-position'], 'metadata.stream-position'),
    step: 0,
  };
}

/** DMS transaction ids are JSON numbers (often beyond 2^53) or strings; kept as exact text. */
function idText(v: unknown, what: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (isLosslessNumber(v)) return v.value;
  throw new DecodeError('DECODE_BAD_VALUE', `${what} must be a number or string, got ${describe(v)}`);
}

/** DMS writes DECIMAL as decimal text (a JSON string or number), never base64. */
function textDecimals(hints: ColumnHints | undefined): ColumnHints | undefined {
  if (!hints) return hints;
  return Object.fromEntries(
    Object.entries(hints).map(([c, t]) => [c, t.kind === 'decimal' ? { ...t, strings: 'text' } : t]),
  );
}
