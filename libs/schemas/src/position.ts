/**
 * Ordinals: fixed-width text whose string order is the order in which the source committed the changes
 * (README, SourcePosition.ordinal). Sinks keep the ordinal of the change they applied and skip any change
 * whose ordinal is not greater, which a plain string comparison does (DynamoDB `<` on strings too).
 */

/** Where a change sits in a MariaDB binlog (Debezium `source.file`, `source.pos`, `source.row`). */
export interface BinlogPoint {
  /** Binlog file name, e.g. `binlog.000003`; its numeric extension orders the files. */
  readonly file: string;
  /** Position of the change's event in the file. */
  readonly pos: bigint | number;
  /** Index of the row within the event (one event can carry many rows). */
  readonly row: number;
}

/** Where a change sits in an AWS DMS stream. */
export interface DmsPoint {
  /** Commit time of the source transaction in microseconds since the epoch. */
  readonly commitMicros: bigint | number;
  /** DMS `transaction-record-id`, or another sequence that orders the records of one commit. */
  readonly sequence: bigint | number;
  /**
   * Which of the ChangeEvents one DMS record became (0–9; 0 when it became one): an update that
   * changed the primary key becomes the old key's delete (0) and the new key's row (1).
   */
  readonly step?: number;
}

const BINLOG_ORDINAL = /^b:\d{10}:\d{20}:\d{6}$/;
const DMS_ORDINAL = /^d:\d{20}:\d{20}$/;

/**
 * `b:` + file sequence (10 digits) + `:` + pos (20) + `:` + row (6). Files order by the number in their
 * extension, not by name, and positions start again in each new file, so the file comes first.
 */
export function binlogOrdinal({ file, pos, row }: BinlogPoint): string {
  const sequence = /\.(\d+)$/.exec(file)?.[1];
  if (sequence === undefined) throw new Error(`binlog file ${JSON.stringify(file)} has no numeric extension`);
  const fields = [
    fixedWidth(BigInt(sequence), 10, 'binlog file sequence'),
    fixedWidth(pos, 20, 'binlog pos'),
    fixedWidth(row, 6, 'binlog row'),
  ];
  return `b:${fields.join(':')}`;
}

/**
 * `d:` + commit time in µs (20 digits) + `:` + sequence (19 digits) and step (1 digit): the step is
 * the last digit of the second field, so the ChangeEvents of one record sort between that record and
 * the next one of the same commit.
 */
export function dmsOrdinal({ commitMicros, sequence, step = 0 }: DmsPoint): string {
  const commit = fixedWidth(commitMicros, 20, 'DMS commit time');
  return `d:${commit}:${fixedWidth(sequence, 19, 'DMS sequence')}${fixedWidth(step, 1, 'DMS step')}`;
}

/**
 * Orders two ordinals of the same kind, as the source committed them. Ordinals of a binlog and of DMS
 * have no common order, so comparing them (or anything that is not an ordinal) is refused.
 */
export function compareOrdinals(a: string, b: string): -1 | 0 | 1 {
  const kind = ordinalKind(a);
  if (kind !== ordinalKind(b)) throw new Error(`cannot order a ${kind} ordinal against ${JSON.stringify(b)}`);
  return a < b ? -1 : a > b ? 1 : 0;
}

function ordinalKind(ordinal: string): 'binlog' | 'dms' {
  if (BINLOG_ORDINAL.test(ordinal)) return 'binlog';
  if (DMS_ORDINAL.test(ordinal)) return 'dms';
  throw new Error(`${JSON.stringify(ordinal)} is not an ordinal`);
}

function fixedWidth(value: bigint | number, width: number, what: string): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new RangeError(`${what} ${value} is not a safe integer`);
  }
  const text = value.toString();
  if (value < 0 || text.length > width) {
    throw new RangeError(`${what} ${text} does not fit ${width} digits`);
  }
  return text.padStart(width, '0');
}
