import type { DecodeFailure } from './errors';

/**
 * A canonical row value (libs/schemas/README.md, "Row values"): INT → number, BIGINT → bigint,
 * DECIMAL → string with exactly the column's scale, DATE → days, DATETIME/TIMESTAMP → bigint epoch µs,
 * JSON/VARCHAR/ENUM → string, BOOLEAN → boolean.
 */
export type RowValue = string | number | bigint | boolean | null;

/** A row image: column name → canonical value, in the source's column order. */
export type Row = Readonly<Record<string, RowValue>>;

/**
 * What a column holds, as far as decoding needs to know. Derived from the writer's schema (Kafka
 * Connect JSON schema or Avro with `connect.*` metadata) or given as a hint from the entity schema.
 */
export type ColumnType =
  | { readonly kind: 'int' }
  | { readonly kind: 'long' }
  | { readonly kind: 'float' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'string' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'json' }
  | {
      readonly kind: 'decimal';
      readonly scale: number;
      readonly precision: number | null;
      /**
       * How a JSON string value is to be read: Kafka Connect's JsonConverter writes the unscaled
       * bytes as base64 (its default `decimal.format=BASE64`); `decimal.handling.mode=string` and
       * DMS write the decimal text. Bytes and JSON numbers are unambiguous.
       */
      readonly strings: 'base64' | 'text';
    }
  /** Debezium `io.debezium.data.VariableScaleDecimal`: a struct { scale, value }. */
  | { readonly kind: 'variable-decimal' }
  | { readonly kind: 'date' }
  /** DATETIME: the wall clock as if UTC, counted in `unit` since the epoch. */
  | { readonly kind: 'datetime'; readonly unit: 'ms' | 'us' | 'ns' }
  /** TIMESTAMP: Debezium `io.debezium.time.ZonedTimestamp`, an ISO-8601 string. */
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'bytes' };

/** One column as the writer's schema describes it; compared across records to spot schema changes. */
export interface ColumnInfo {
  readonly name: string;
  readonly type: ColumnType;
  readonly optional: boolean;
  /** The writer's own name for the type: a Connect semantic name or the literal type. */
  readonly sourceType: string;
  /**
   * The Kafka Connect schema type a JSON schema declared (`int64`, `string`, ... `float64` for the
   * JsonConverter's `double`); the JSON value must have the matching JSON type. Unset for Avro,
   * whose decoder already holds every value to its writer's type.
   */
  readonly connectType?: ConnectType;
}

/** Kafka Connect's schema types (org.apache.kafka.connect.data.Schema.Type), by their names. */
export type ConnectType =
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'float32'
  | 'float64'
  | 'boolean'
  | 'string'
  | 'bytes'
  | 'array'
  | 'map'
  | 'struct';

/** Column hints from the entity schema: column name → type. */
export type ColumnHints = Readonly<Record<string, ColumnType>>;

/** What the caller knows about a table from the entity schema. */
export interface TableSpec {
  /** Primary-key columns in declared key order; used when the record carries no key (DMS). */
  readonly primaryKey?: readonly string[];
  /** Column types, needed when the record has no schema, and to tell BOOLEAN from TINYINT. */
  readonly columns?: ColumnHints;
}

export interface DecodeWarning {
  readonly code: 'SUB_MICROSECOND_TRUNCATED' | 'PARTIAL_BEFORE_IMAGE';
  readonly column: string | null;
  readonly detail: string;
}

interface PositionCommon {
  readonly file: string | null;
  /** Binlog event position (Debezium `source.pos`); 0 for DMS. */
  readonly pos: bigint;
  /** Row index within the binlog event (Debezium `source.row`); 0 for DMS. */
  readonly row: number;
  readonly gtid: string | null;
  /** DMS `transaction-id`; for binlog the transaction block id if present, else the GTID. */
  readonly txId: string | null;
  /** True for snapshot reads (`op = r`, DMS `load`). */
  readonly snapshot: boolean;
}

/** Debezium MariaDB/MySQL `source` block (debezium.io, MariaDB connector, "Source metadata"). */
export interface BinlogPosition extends PositionCommon {
  readonly source: 'binlog';
  readonly file: string;
  /** Debezium's raw `snapshot` value: true, first, first_in_data_collection, last_in_data_collection, last, incremental, false or null. */
  readonly snapshotMarker: string | null;
  readonly serverId: bigint | null;
  /** `source.ts_ms` and its finer forms; MariaDB binlog timestamps have whole seconds only. */
  readonly sourceTsMs: number | null;
  readonly sourceTsUs: bigint | null;
  readonly sourceTsNs: bigint | null;
  /**
   * Where `committedAtUs` came from: the `source` block, or, when an older Debezium wrote no
   * `source.ts_*`, the envelope's own `ts_ms`/`ts_us`/`ts_ns` (when the connector processed it).
   */
  readonly commitTimeFrom: 'source' | 'envelope';
}

/** AWS DMS `metadata` (DMS User Guide, "Using Apache Kafka as a target", message format). */
export interface DmsPosition extends PositionCommon {
  readonly source: 'dms';
  readonly file: null;
  /** `commit-timestamp` in µs, or `timestamp` when DMS sent no commit time (full load). */
  readonly commitTimestampUs: bigint;
  readonly commitTimestampFrom: 'commit-timestamp' | 'timestamp';
  readonly transactionRecordId: bigint | null;
  readonly prevTransactionId: string | null;
  readonly streamPosition: string | null;
  /**
   * Which of the ChangeEvents this DMS record became: 0, or for an update that changed the primary
   * key, 0 for the old key's delete and 1 for the new key's row (libs/schemas position.ts).
   */
  readonly step: number;
}

export type SourcePosition = BinlogPosition | DmsPosition;

/** c create, u update, d delete, r snapshot read, t truncate (every row of the table, no key). */
export type ChangeOp = 'c' | 'u' | 'd' | 'r' | 't';

export interface DecodedChange {
  readonly kind: 'change';
  /** The source database (Debezium `source.db`, DMS `schema-name`); null when the record names none. */
  readonly database: string | null;
  readonly table: string;
  readonly op: ChangeOp;
  /** Primary-key columns and values, in declared key order; empty for a truncate. */
  readonly key: Row;
  /**
   * Set when a DMS update changed the primary key: the key before the change, from the before image
   * (`before` holds the whole old row when the image was complete).
   */
  readonly previousKey?: Row;
  /**
   * Where the tenant is read when the change has no row image: the old key's delete split from a DMS
   * key change whose before image was partial holds the new row with the old key's columns.
   */
  readonly tenantRow?: Row;
  readonly before: Row | null;
  readonly after: Row | null;
  readonly position: SourcePosition;
  /** When the source transaction committed, UTC epoch µs. */
  readonly committedAtUs: bigint;
  /** When the connector emitted the record (Debezium envelope `ts_ns`/`ts_us`/`ts_ms`), if known. */
  readonly emittedAtNs: bigint | null;
  /** The writer's column types when the record carried a schema (JSON schema or Avro writer schema). */
  readonly columns?: readonly ColumnInfo[];
  /**
   * Debezium splits a primary-key change into a delete of the old key and a create of the new one,
   * marked by `__debezium.newkey` / `__debezium.oldkey` headers (the other key, as JSON text).
   */
  readonly keyChange?: { readonly newKey?: string; readonly oldKey?: string };
  readonly warnings: readonly DecodeWarning[];
}

/** A record with a null or empty value; the delete before it carried the row. Not an error. */
export interface Tombstone {
  readonly kind: 'tombstone';
  readonly table: string | null;
  readonly key: Row | null;
}

export type IgnoredReason = 'schema-change' | 'heartbeat' | 'transaction-metadata' | 'dms-control';

/** A record that is well formed but carries no row change. */
export interface Ignored {
  readonly kind: 'ignored';
  readonly reason: IgnoredReason;
  readonly detail: string;
}

export type DecodeResult = DecodedChange | Tombstone | Ignored | DecodeFailure;

/** Kafka header values as kafkajs delivers them. */
export type RecordHeaders = Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;

/** One Kafka record whose key and value are still bytes (the JSON formats). */
export interface RawRecord {
  readonly topic: string;
  readonly key: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: RecordHeaders;
}

/** How to treat a time finer than the canonical microsecond. */
export type SubMicrosecondPolicy = 'truncate' | 'reject';

export interface CommonOptions {
  /** Per-table knowledge from the entity schema, by table name. */
  readonly tables?: Readonly<Record<string, TableSpec>>;
  /** Default 'truncate': floor to the microsecond and add a SUB_MICROSECOND_TRUNCATED warning. */
  readonly subMicrosecond?: SubMicrosecondPolicy;
}
