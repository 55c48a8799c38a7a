// Generated from libs/schemas/avro/change-event/v2.avsc: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

/** One change of one source row, whatever the source format. */
export interface ChangeEvent<Row> {
  /** Source table, e.g. orders (the entity). */
  table: string;
  op: Op;
  /** The primary key in canonical text form; also the Kafka message key. Empty for t, which has no row. */
  key: string;
  /** Row image before the change: null for c and r, and for u and d when the source sent none. */
  before: Row | null;
  /** Row image after the change: null for d. */
  after: Row | null;
  /** Where the change sits in the source's commit order. */
  sourcePosition: SourcePosition;
  /**
   * When the source transaction committed (DMS gives microseconds; a binlog, milliseconds). UTC epoch
   * microseconds.
   */
  committedAt: bigint;
  /** The row's tenant_id; null for reference tables (markets, fx_rates) and for t, which spans tenants. */
  tenantId: string | null;
  /** Version of the row schema this event was written with. */
  schemaVersion: number;
}

/**
 * create, update, delete, snapshot read (DMS load is r), truncate (every row of the table removed at once).
 */
export type Op = 'c' | 'u' | 'd' | 'r' | 't';

/** Where a change sits in the source's commit order. */
export interface SourcePosition {
  source: PositionSource;
  /** Binlog file name (binlog.000003); null for dms. */
  file: string | null;
  /** Binlog event position (Debezium source.pos); 0 for dms. */
  pos: bigint;
  /** Row index within the binlog event (Debezium source.row); 0 for dms. */
  row: number;
  /** MariaDB GTID (0-1-1234) when known. */
  gtid: string | null;
  /** DMS transaction-id, or the GTID for binlog. */
  txId: string | null;
  /** True for snapshot reads (op r). */
  snapshot: boolean;
  /** Fixed-width text whose string order is the source's commit order (binlogOrdinal, dmsOrdinal). */
  ordinal: string;
}

/** Which kind of position this is. */
export type PositionSource = 'binlog' | 'dms';
