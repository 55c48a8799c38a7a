import { loadRowSchema } from '@lakestream/schemas';
import type { ColumnInfo } from './decode/types';
import { avroTypeOf, describeMismatch, evolveRowSchema } from './row-schema';

const warehouses = loadRowSchema('warehouses');
const column = (name: string, type: ColumnInfo['type'], sourceType = 'int32'): ColumnInfo => ({
  name,
  type,
  optional: true,
  sourceType,
});

describe('evolveRowSchema', () => {
  it('returns the same schema object when the source sends no new column', () => {
    const observed = warehouses.fields.map((f) => column(f.name, { kind: 'string' }));
    expect(evolveRowSchema(warehouses, observed)).toBe(warehouses);
    expect(evolveRowSchema(warehouses, undefined)).toBe(warehouses);
  });

  it('adds a column new at the source as an optional field defaulting to null, after the known ones', () => {
    const evolved = evolveRowSchema(warehouses, [column('dock_doors', { kind: 'int' })]);
    expect(evolved.fields.slice(0, warehouses.fields.length)).toEqual(warehouses.fields);
    expect(evolved.fields.at(-1)).toMatchObject({ name: 'dock_doors', type: ['null', 'int'], default: null });
  });
});

describe('avroTypeOf', () => {
  it('maps source column types to the canonical Avro types', () => {
    expect(avroTypeOf({ kind: 'decimal', scale: 2, precision: 12, strings: 'base64' })).toEqual({
      type: 'bytes',
      logicalType: 'decimal',
      precision: 12,
      scale: 2,
    });
    expect(avroTypeOf({ kind: 'datetime', unit: 'us' })).toEqual({
      type: 'long',
      logicalType: 'local-timestamp-micros',
    });
    expect(avroTypeOf({ kind: 'timestamp' })).toEqual({ type: 'long', logicalType: 'timestamp-micros' });
    expect(avroTypeOf({ kind: 'json' })).toBe('string');
  });
});

describe('describeMismatch', () => {
  it('names a column whose type changed at the source', () => {
    const reason = describeMismatch(warehouses, [column('name', { kind: 'int' })]);
    expect(reason).toBe('name is "int" at the source but "string" in the row schema');
    expect(describeMismatch(warehouses, [column('name', { kind: 'string' }, 'string')])).toBeUndefined();
  });
});
