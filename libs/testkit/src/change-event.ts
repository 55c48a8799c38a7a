import { binlogOrdinal, type ChangeEvent, type Op } from '@lakestream/schemas';

export interface ChangeAt<Row> {
  table: string;
  op: Op;
  key: string;
  /** The row image: `after` for c, u and r; `before` for d. */
  row: Row;
  tenantId: string | null;
  /** Binlog position of the change; its ordinal follows from it. */
  pos: number;
  /** Source commit time, epoch ms (the event carries it in µs). */
  committedAt: number;
  file?: string;
  schemaVersion?: number;
}

/** A ChangeEvent as cdc-ingest emits it for one binlog row, for tests that feed consumers directly. */
export function changeEventAt<Row>(change: ChangeAt<Row>): ChangeEvent<Row> {
  const file = change.file ?? 'binlog.000001';
  return {
    table: change.table,
    op: change.op,
    key: change.key,
    before: change.op === 'd' ? change.row : null,
    after: change.op === 'd' ? null : change.row,
    sourcePosition: {
      source: 'binlog',
      file,
      pos: BigInt(change.pos),
      row: 0,
      gtid: null,
      txId: null,
      snapshot: change.op === 'r',
      ordinal: binlogOrdinal({ file, pos: change.pos, row: 0 }),
    },
    committedAt: BigInt(change.committedAt) * 1000n,
    tenantId: change.tenantId,
    schemaVersion: change.schemaVersion ?? 1,
  };
}
