import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import { bigintLong } from '@lakestream/schemas';
import avro from 'avsc';
import { IcebergError } from '../errors';

// Avro object container files (Avro spec "Object Container Files") as manifests and manifest lists
// are: longs as bigints both ways, since snapshot ids and sequence numbers are 64-bit and other
// engines write them above 2^53; the schema in the header exactly as given, field ids included (a
// parsed avsc type would drop them, and readers resolve these files by field id).

/** Every long a bigint: a bare "long" through the registry, a long with attributes through the hook. */
const longAsBigint = (schema: avro.Schema): avro.Type | undefined =>
  typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'long'
    ? bigintLong
    : undefined;

/** An avsc type with bigint longs and unwrapped unions (every union here is [null, T]). */
export const avroType = (schema: unknown): avro.Type =>
  avro.Type.forSchema(schema as avro.Schema, {
    registry: { long: bigintLong },
    typeHook: longAsBigint,
    wrapUnions: false,
  });

const MAGIC = Buffer.from('Obj\u0001', 'latin1');
const metadataType = avro.Type.forSchema({ type: 'map', values: 'bytes' });
const longType = avro.Type.forSchema('long');

/** One container file: the header (with `avro.schema` as given), then one deflated block. */
export function writeContainer(
  schema: object,
  type: avro.Type,
  records: readonly unknown[],
  metadata: Record<string, string>,
): Buffer {
  const sync = randomBytes(16);
  const meta = Object.fromEntries(
    Object.entries({ ...metadata, 'avro.schema': JSON.stringify(schema), 'avro.codec': 'deflate' }).map(
      ([key, value]) => [key, Buffer.from(value)],
    ),
  );
  const parts: Buffer[] = [MAGIC, metadataType.toBuffer(meta), sync];
  if (records.length > 0) {
    const block = deflateRawSync(Buffer.concat(records.map((record) => type.toBuffer(record))));
    parts.push(longType.toBuffer(records.length), longType.toBuffer(block.length), block, sync);
  }
  return Buffer.concat(parts);
}

export interface ContainerContents {
  /** The writer's schema, as JSON, from the header. */
  schema: unknown;
  /** The header's key-value metadata other than `avro.*`. */
  metadata: Record<string, string>;
  records: unknown[];
}

/** Reads a container file with the writer's own schema (longs as bigints); `what` names it in errors. */
export async function readContainer(bytes: Uint8Array, what: string): Promise<ContainerContents> {
  const decoder = new avro.streams.BlockDecoder({ parseHook: avroType } as never);
  const contents: ContainerContents = { schema: undefined, metadata: {}, records: [] };
  try {
    await new Promise<void>((resolve, reject) => {
      decoder.on('metadata', (_type: unknown, _codec: unknown, header: { meta: Record<string, Buffer> }) => {
        for (const [key, value] of Object.entries(header.meta)) {
          if (key === 'avro.schema') contents.schema = JSON.parse(value.toString('utf8'));
          else if (!key.startsWith('avro.')) contents.metadata[key] = value.toString('utf8');
        }
      });
      decoder.on('data', (record: unknown) => contents.records.push(record));
      decoder.on('end', resolve);
      decoder.on('error', reject);
      Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]).pipe(decoder);
    });
  } catch (error) {
    const message = (error as Error).message;
    // avsc knows null and deflate; snappy, zstandard and bzip2 manifests would need codecs of their own.
    const code = /codec/i.test(message) ? 'ICEBERG_UNSUPPORTED' : 'ICEBERG_BAD_METADATA';
    throw new IcebergError(code, `${what}: ${message}`, { cause: error });
  }
  return contents;
}

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

/**
 * A decoded record with its fields renamed to the names `names` gives their field ids (the spec's
 * names), whatever the writer called them: format v1 writers named some manifest-list fields otherwise,
 * and engines sanitise names Avro cannot hold. Records whose field id is in `byId` are keyed by the
 * field ids of their fields instead (the partition tuple). Fields without an id keep their name.
 */
export function renameByFieldId(
  value: unknown,
  writer: unknown,
  names: ReadonlyMap<number, string>,
  byId: ReadonlySet<number> = new Set(),
): unknown {
  const named = new Map<string, unknown>();
  const walk = (v: unknown, node: unknown, keyById: boolean): unknown => {
    if (v === null || v === undefined) return v ?? null;
    if (Array.isArray(node)) {
      // Iceberg's unions are [null, T]: a non-null value is the other branch.
      return walk(
        v,
        node.find((branch) => branch !== 'null'),
        keyById,
      );
    }
    if (typeof node === 'string') return PRIMITIVES.has(node) ? v : walk(v, named.get(node), keyById);
    if (typeof node !== 'object' || node === null) return v;
    const schema = node as {
      type: unknown;
      name?: string;
      fields?: { name: string; type: unknown; 'field-id'?: number }[];
      items?: unknown;
      values?: unknown;
    };
    if (schema.name && (schema.type === 'record' || schema.type === 'fixed' || schema.type === 'enum'))
      named.set(schema.name, schema);
    if (schema.type === 'record') {
      const record = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const field of schema.fields ?? []) {
        const id = field['field-id'];
        const key =
          keyById && id !== undefined
            ? String(id)
            : ((id !== undefined ? names.get(id) : undefined) ?? field.name);
        out[key] = walk(record[field.name], field.type, id !== undefined && byId.has(id));
      }
      return out;
    }
    if (schema.type === 'array') return (v as unknown[]).map((item) => walk(item, schema.items, false));
    if (schema.type === 'map')
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, item]) => [
          k,
          walk(item, schema.values, false),
        ]),
      );
    return typeof schema.type === 'string' || Array.isArray(schema.type) ? walk(v, schema.type, keyById) : v;
  };
  return walk(value, writer, false);
}

/** The field id → name of every field in a schema of ours (field ids are unique within one). */
export function fieldNames(schema: unknown, into = new Map<number, string>()): Map<number, string> {
  if (Array.isArray(schema)) {
    for (const branch of schema) fieldNames(branch, into);
    return into;
  }
  if (typeof schema !== 'object' || schema === null) return into;
  const node = schema as { type?: unknown; fields?: { name: string; type: unknown; 'field-id'?: number }[] };
  for (const field of node.fields ?? []) {
    if (field['field-id'] !== undefined) into.set(field['field-id'], field.name);
    fieldNames(field.type, into);
  }
  const nested = schema as { items?: unknown; values?: unknown };
  fieldNames(nested.items, into);
  fieldNames(nested.values, into);
  if (typeof node.type === 'object') fieldNames(node.type, into);
  return into;
}
