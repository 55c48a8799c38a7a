import type { ColumnType } from './types';

/** The literal (physical) types of Kafka Connect and Avro, reduced to what decoding needs. */
export type Literal = 'int' | 'long' | 'float' | 'boolean' | 'string' | 'bytes' | 'struct';

/**
 * A column's type from its literal type plus Kafka Connect's semantic name and parameters, as
 * Debezium's MariaDB connector documents them ("How the connector maps data types"):
 * - `org.apache.kafka.connect.data.Decimal` (bytes, parameter `scale`) for DECIMAL in precise mode
 * - `io.debezium.time.Date` (int32 days) for DATE; `Timestamp` (int64 ms), `MicroTimestamp` (µs),
 *   `NanoTimestamp` (ns) for DATETIME; `ZonedTimestamp` (ISO string) for TIMESTAMP
 * - `io.debezium.data.Enum` (string, parameter `allowed`) for ENUM; `io.debezium.data.Json`
 *   (MariaDB JSON columns arrive as plain strings without it, INFRA.md)
 * Semantic names not listed (MicroTime, Year, ...) fall back to their literal type.
 */
export function semanticType(
  literal: Literal,
  name: string | undefined,
  parameters: Readonly<Record<string, string>> | undefined,
): ColumnType {
  switch (name) {
    case 'org.apache.kafka.connect.data.Decimal': {
      const precision = parameters?.['connect.decimal.precision'];
      return {
        kind: 'decimal',
        scale: Number(parameters?.scale ?? '0'),
        precision: precision === undefined ? null : Number(precision),
        strings: 'base64',
      };
    }
    case 'io.debezium.data.VariableScaleDecimal':
      return { kind: 'variable-decimal' };
    case 'io.debezium.time.Date':
    case 'org.apache.kafka.connect.data.Date':
      return { kind: 'date' };
    case 'io.debezium.time.Timestamp':
    case 'org.apache.kafka.connect.data.Timestamp':
      return { kind: 'datetime', unit: 'ms' };
    case 'io.debezium.time.MicroTimestamp':
      return { kind: 'datetime', unit: 'us' };
    case 'io.debezium.time.NanoTimestamp':
      return { kind: 'datetime', unit: 'ns' };
    case 'io.debezium.time.ZonedTimestamp':
      return { kind: 'timestamp' };
    case 'io.debezium.data.Enum':
      return { kind: 'enum', values: parameters?.allowed ? parameters.allowed.split(',') : [] };
    case 'io.debezium.data.Json':
      return { kind: 'json' };
    default:
      return literalType(literal);
  }
}

function literalType(literal: Literal): ColumnType {
  switch (literal) {
    case 'struct':
      return { kind: 'bytes' }; // no canonical value for an unknown struct; refused like binary data
    default:
      return { kind: literal };
  }
}

/**
 * The type to decode with, from the writer's type and the entity schema's hint. The writer knows the
 * encoding (a Decimal's scale, a DATETIME's unit) and wins for semantic types; the hint refines what
 * the writer cannot say: Debezium sends BOOLEAN (TINYINT(1)) as int16, DECIMAL as a string under
 * `decimal.handling.mode=string`, and MariaDB JSON as a plain string.
 */
export function effectiveType(
  writer: ColumnType | undefined,
  hint: ColumnType | undefined,
): ColumnType | undefined {
  if (!writer) return hint;
  if (!hint) return writer;
  if (
    (writer.kind === 'int' || writer.kind === 'long') &&
    (hint.kind === 'boolean' || hint.kind === 'int' || hint.kind === 'long')
  ) {
    return hint;
  }
  if (writer.kind === 'string' && (hint.kind === 'json' || hint.kind === 'enum')) return hint;
  if ((writer.kind === 'string' || writer.kind === 'float') && hint.kind === 'decimal') {
    return { ...hint, strings: 'text' };
  }
  return writer;
}
