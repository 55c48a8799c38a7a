/**
 * Avro schemas as the plain JSON kept in libs/schemas/avro/**. avsc's own schema typings do not allow
 * the custom attributes we keep next to a schema (`lakestream.primaryKey`), so these are our own.
 */
export type AvroJson = string | AvroJson[] | AvroJsonObject;

export interface AvroJsonObject {
  readonly type: AvroJson;
  readonly [attribute: string]: unknown;
}

export interface FieldJson {
  readonly name: string;
  readonly type: AvroJson;
  readonly default?: unknown;
  readonly doc?: string;
  readonly [attribute: string]: unknown;
}

export interface RecordJson extends AvroJsonObject {
  readonly type: 'record';
  readonly name: string;
  readonly namespace?: string;
  readonly doc?: string;
  readonly fields: readonly FieldJson[];
}

export function isRecordJson(type: AvroJson): type is RecordJson {
  return typeof type === 'object' && !Array.isArray(type) && type.type === 'record';
}

/** The full name of a named type: `namespace.name`, unless the name is already qualified (Avro spec, Names). */
export function fullName(name: string, namespace: string | undefined): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}

/** The last part of a full name, which is what the generated TypeScript calls the type. */
export function shortName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}
