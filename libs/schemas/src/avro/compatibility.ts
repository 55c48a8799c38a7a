import * as avro from 'avsc';
import { avroType } from './options';
import type { AvroJson } from './schema-json';

export type Compatibility =
  | { readonly compatible: true }
  | { readonly compatible: false; readonly reason: string };

/**
 * BACKWARD compatibility, as the schema registry enforces per subject: can a reader using `newer`
 * read data written with `older`? avsc's resolver applies the Avro spec's schema resolution rules,
 * plus our logical types' own (a decimal reads only the same scale; a timestamp only its own kind).
 * When it cannot, the reason names the first field that breaks.
 */
export function checkBackward(newer: AvroJson, older: AvroJson): Compatibility {
  const reader = avroType(newer);
  const writer = avroType(older);
  if (resolves(reader, writer)) return { compatible: true };
  return { compatible: false, reason: whyUnreadable(reader, writer, reader.name ?? reader.typeName) };
}

function resolves(reader: avro.Type, writer: avro.Type): boolean {
  try {
    reader.createResolver(writer);
    return true;
  } catch {
    return false;
  }
}

/** Walks records and unions down to the first pair of types that do not resolve. */
function whyUnreadable(reader: avro.Type, writer: avro.Type, at: string): string {
  if (reader instanceof avro.types.RecordType && writer instanceof avro.types.RecordType) {
    if (reader.name !== writer.name && !(reader.aliases ?? []).includes(writer.name ?? '')) {
      return `${at}: record ${writer.name} was renamed to ${reader.name} without an alias`;
    }
    for (const field of reader.fields) {
      const written = writer.fields.find((w) => w.name === field.name || field.aliases.includes(w.name));
      const path = `${at}.${field.name}`;
      if (!written) {
        if (field.defaultValue() === undefined) {
          return `${path} is new and has no default, so data written before it cannot be read`;
        }
      } else if (!resolves(field.type, written.type)) {
        return whyUnreadable(field.type, written.type, path);
      }
    }
  }
  const readerBranches = unionBranches(reader);
  const writerBranches = unionBranches(writer);
  if (readerBranches.length > 1 || writerBranches.length > 1) {
    for (const branch of writerBranches) {
      if (readerBranches.some((r) => resolves(r, branch))) continue;
      const sameName = readerBranches.find((r) => r.branchName === branch.branchName);
      if (sameName) return whyUnreadable(sameName, branch, at);
      return `${at}: the reader has no union branch for data written as ${show(branch)}`;
    }
  }
  return `${at}: data written as ${show(writer)} cannot be read as ${show(reader)}`;
}

function unionBranches(type: avro.Type): avro.Type[] {
  return type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType
    ? type.types
    : [type];
}

// With exportAttrs, logical types show their logicalType, precision and scale (a bare "bytes" would
// hide why decimal(12,2) cannot read decimal(12,3)).
function show(type: avro.Type): string {
  return JSON.stringify(type.schema({ exportAttrs: true, noDeref: true }));
}
