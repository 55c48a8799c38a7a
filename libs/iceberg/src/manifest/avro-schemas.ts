import { IcebergError } from '../errors';
import type { BoundPartitionField } from '../partition';
import type { PrimitiveType } from '../types';

// The Avro schemas of manifests and manifest lists, every field with the id the spec gives it
// (spec "Manifests" and "Manifest Lists"). Readers resolve these files by field id, not name.

const optional = (type: unknown) => ['null', type];

const intLongMap = (fieldId: number, keyId: number, valueId: number, name: string, value = 'long') => ({
  name,
  type: optional({
    type: 'array',
    logicalType: 'map',
    items: {
      type: 'record',
      name: `k${keyId}_v${valueId}`,
      fields: [
        { name: 'key', type: 'int', 'field-id': keyId },
        { name: 'value', type: value, 'field-id': valueId },
      ],
    },
  }),
  default: null,
  'field-id': fieldId,
});

/**
 * An Avro name for a field name, as the reference implementation makes one (AvroSchemaUtil
 * makeCompatibleName): a character Avro names cannot hold becomes `_x` and its hex code, and a leading
 * digit gets a `_` before it. Readers resolve the fields by id, so the name only has to be valid.
 */
export function avroName(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return name;
  let out = '';
  for (const [i, char] of [...name].entries()) {
    if (/[A-Za-z_]/.test(char) || (i > 0 && /[0-9]/.test(char))) out += char;
    else if (i === 0 && /[0-9]/.test(char)) out += `_${char}`;
    else out += `_x${(char.codePointAt(0) as number).toString(16).toUpperCase()}`;
  }
  return out;
}

const avroPrimitive = (type: PrimitiveType): unknown => {
  switch (type) {
    case 'boolean':
    case 'int':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
      return type;
    case 'date':
      return { type: 'int', logicalType: 'date' };
    case 'timestamp':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': false };
    case 'timestamptz':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': true };
    case 'binary':
      return 'bytes';
    default:
      // Decimal partition values would need a fixed; no lake table partitions on one.
      throw new IcebergError('ICEBERG_UNSUPPORTED', `no Avro form for a ${type} partition value`);
  }
};

/** The manifest_entry schema for one partition spec (spec "Manifests"; v2 columns). */
export function manifestEntrySchema(partitionFields: readonly BoundPartitionField[]) {
  return {
    type: 'record',
    name: 'manifest_entry',
    fields: [
      { name: 'status', type: 'int', 'field-id': 0 },
      { name: 'snapshot_id', type: optional('long'), default: null, 'field-id': 1 },
      { name: 'sequence_number', type: optional('long'), default: null, 'field-id': 3 },
      { name: 'file_sequence_number', type: optional('long'), default: null, 'field-id': 4 },
      {
        name: 'data_file',
        'field-id': 2,
        type: {
          type: 'record',
          name: 'r2',
          fields: [
            { name: 'content', type: 'int', 'field-id': 134 },
            { name: 'file_path', type: 'string', 'field-id': 100 },
            { name: 'file_format', type: 'string', 'field-id': 101 },
            {
              name: 'partition',
              'field-id': 102,
              type: {
                type: 'record',
                name: 'r102',
                fields: partitionFields.map((f) => ({
                  name: avroName(f.name),
                  type: optional(avroPrimitive(f.resultType)),
                  default: null,
                  'field-id': f['field-id'],
                })),
              },
            },
            { name: 'record_count', type: 'long', 'field-id': 103 },
            { name: 'file_size_in_bytes', type: 'long', 'field-id': 104 },
            intLongMap(108, 117, 118, 'column_sizes'),
            intLongMap(109, 119, 120, 'value_counts'),
            intLongMap(110, 121, 122, 'null_value_counts'),
            intLongMap(137, 138, 139, 'nan_value_counts'),
            intLongMap(125, 126, 127, 'lower_bounds', 'bytes'),
            intLongMap(128, 129, 130, 'upper_bounds', 'bytes'),
            { name: 'key_metadata', type: optional('bytes'), default: null, 'field-id': 131 },
            {
              name: 'split_offsets',
              type: optional({ type: 'array', items: 'long', 'element-id': 133 }),
              default: null,
              'field-id': 132,
            },
            {
              name: 'equality_ids',
              type: optional({ type: 'array', items: 'int', 'element-id': 136 }),
              default: null,
              'field-id': 135,
            },
            { name: 'sort_order_id', type: optional('int'), default: null, 'field-id': 140 },
            { name: 'referenced_data_file', type: optional('string'), default: null, 'field-id': 143 },
          ],
        },
      },
    ],
  };
}

/** The manifest_file schema (spec "Manifest Lists"; v2 columns). */
export const manifestFileSchema = {
  type: 'record',
  name: 'manifest_file',
  fields: [
    { name: 'manifest_path', type: 'string', 'field-id': 500 },
    { name: 'manifest_length', type: 'long', 'field-id': 501 },
    { name: 'partition_spec_id', type: 'int', 'field-id': 502 },
    { name: 'content', type: 'int', 'field-id': 517 },
    { name: 'sequence_number', type: 'long', 'field-id': 515 },
    { name: 'min_sequence_number', type: 'long', 'field-id': 516 },
    { name: 'added_snapshot_id', type: 'long', 'field-id': 503 },
    { name: 'added_files_count', type: 'int', 'field-id': 504 },
    { name: 'existing_files_count', type: 'int', 'field-id': 505 },
    { name: 'deleted_files_count', type: 'int', 'field-id': 506 },
    { name: 'added_rows_count', type: 'long', 'field-id': 512 },
    { name: 'existing_rows_count', type: 'long', 'field-id': 513 },
    { name: 'deleted_rows_count', type: 'long', 'field-id': 514 },
    {
      name: 'partitions',
      type: optional({
        type: 'array',
        'element-id': 508,
        items: {
          type: 'record',
          name: 'r508',
          fields: [
            { name: 'contains_null', type: 'boolean', 'field-id': 509 },
            { name: 'contains_nan', type: optional('boolean'), default: null, 'field-id': 518 },
            { name: 'lower_bound', type: optional('bytes'), default: null, 'field-id': 510 },
            { name: 'upper_bound', type: optional('bytes'), default: null, 'field-id': 511 },
          ],
        },
      }),
      default: null,
      'field-id': 507,
    },
    { name: 'key_metadata', type: optional('bytes'), default: null, 'field-id': 519 },
  ],
};
