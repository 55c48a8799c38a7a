import { IcebergError } from '../errors';
import {
  currentSnapshotId,
  type MetadataLogEntry,
  NO_SNAPSHOT,
  type Snapshot,
  type TableMetadata,
} from '../metadata';
import type { IcebergSchema } from '../types';
import type { TableUpdate } from './catalog';

// The REST catalog's table updates applied to metadata, as the reference implementation's
// TableMetadata.Builder applies them (spec "REST Catalog", TableUpdate; "Table Metadata"). Every field
// no update names is carried over as it was, including those this package does not know.

const bad = (message: string) => new IcebergError('ICEBERG_BAD_UPDATE', message);

/** The highest field id in a schema, nested types included (struct fields, list elements, map keys and values). */
export function highestFieldId(schema: IcebergSchema): number {
  let highest = 0;
  const walk = (type: unknown) => {
    if (typeof type !== 'object' || type === null) return;
    const node = type as {
      fields?: { id: number; type: unknown }[];
      'element-id'?: number;
      element?: unknown;
      'key-id'?: number;
      key?: unknown;
      'value-id'?: number;
      value?: unknown;
    };
    for (const field of node.fields ?? []) {
      highest = Math.max(highest, field.id);
      walk(field.type);
    }
    for (const id of [node['element-id'], node['key-id'], node['value-id']])
      if (id !== undefined) highest = Math.max(highest, id);
    walk(node.element);
    walk(node.key);
    walk(node.value);
  };
  walk(schema);
  return highest;
}

/**
 * The snapshot log without entries for snapshots that are gone: like the reference implementation,
 * only the entries after the last missing one stay, so the log never skips a snapshot it shows.
 */
function prunedSnapshotLog(metadata: TableMetadata): TableMetadata['snapshot-log'] {
  const log = metadata['snapshot-log'];
  if (!log) return log;
  const ids = new Set((metadata.snapshots ?? []).map((s) => s['snapshot-id']));
  let kept: NonNullable<TableMetadata['snapshot-log']> = [];
  for (const entry of log) {
    if (ids.has(entry['snapshot-id'])) kept.push(entry);
    else kept = [];
  }
  return kept;
}

/** Metadata after the updates; `now` stamps a change that adds no snapshot. */
export function applyUpdates(
  base: TableMetadata,
  updates: readonly TableUpdate[],
  now: number,
): TableMetadata {
  if (base['format-version'] !== 2)
    throw bad(`format version ${base['format-version']}: this package commits to format v2 tables only`);
  let next: TableMetadata = { ...base };
  let lastUpdated: number | undefined;
  const added = new Set<bigint>();
  let lastAddedSchema: number | undefined;
  let removed = false;

  for (const update of updates) {
    switch (update.action) {
      case 'add-snapshot': {
        const snapshot = update.snapshot;
        const id = snapshot['snapshot-id'];
        if ((next.snapshots ?? []).some((s) => s['snapshot-id'] === id))
          throw bad(`snapshot ${id} already exists`);
        if (snapshot['sequence-number'] <= next['last-sequence-number']) {
          // Another writer's snapshot took the sequence number: rebuilding on the new base fixes it.
          throw new IcebergError(
            'ICEBERG_COMMIT_CONFLICT',
            `snapshot ${id} has sequence number ${snapshot['sequence-number']}, not above the table's ${next['last-sequence-number']}`,
          );
        }
        next = {
          ...next,
          snapshots: [...(next.snapshots ?? []), snapshot],
          'last-sequence-number': snapshot['sequence-number'],
        };
        added.add(id);
        lastUpdated = snapshot['timestamp-ms'];
        break;
      }
      case 'set-snapshot-ref': {
        const { action: _, 'ref-name': name, ...ref } = update;
        const snapshot = (next.snapshots ?? []).find((s) => s['snapshot-id'] === ref['snapshot-id']);
        if (!snapshot) throw bad(`ref ${name}: no snapshot ${ref['snapshot-id']}`);
        // A ref's retention settings stay unless the update gives them.
        next = { ...next, refs: { ...next.refs, [name]: { ...next.refs?.[name], ...ref } } };
        if (name === 'main') {
          const at = added.has(ref['snapshot-id']) ? snapshot['timestamp-ms'] : now;
          lastUpdated = at;
          next = {
            ...next,
            'current-snapshot-id': ref['snapshot-id'],
            'snapshot-log': [
              ...(next['snapshot-log'] ?? []),
              { 'snapshot-id': ref['snapshot-id'], 'timestamp-ms': at },
            ],
          };
        }
        break;
      }
      case 'remove-snapshot-ref': {
        const { [update['ref-name']]: _, ...refs } = next.refs ?? {};
        next = { ...next, refs };
        if (update['ref-name'] === 'main') next = { ...next, 'current-snapshot-id': NO_SNAPSHOT };
        break;
      }
      case 'remove-snapshots': {
        const gone = new Set(update['snapshot-ids']);
        next = { ...next, snapshots: (next.snapshots ?? []).filter((s) => !gone.has(s['snapshot-id'])) };
        // Statistics files describe one snapshot each (spec "Table Statistics"): they go with it.
        for (const key of ['statistics', 'partition-statistics'] as const) {
          const files = (next as unknown as Record<string, unknown>)[key];
          if (Array.isArray(files))
            next = {
              ...next,
              [key]: files.filter((f: { 'snapshot-id'?: unknown }) => !gone.has(f['snapshot-id'] as bigint)),
            };
        }
        removed = true;
        break;
      }
      case 'add-schema': {
        const schema = update.schema;
        if (next.schemas.some((s) => s['schema-id'] === schema['schema-id']))
          throw bad(`schema ${schema['schema-id']} already exists`);
        next = {
          ...next,
          schemas: [...next.schemas, schema],
          'last-column-id': Math.max(
            next['last-column-id'],
            update['last-column-id'] ?? 0,
            highestFieldId(schema),
          ),
        };
        lastAddedSchema = schema['schema-id'];
        break;
      }
      case 'set-current-schema': {
        const id = update['schema-id'] === -1 ? lastAddedSchema : update['schema-id'];
        if (id === undefined || !next.schemas.some((s) => s['schema-id'] === id))
          throw bad(`no schema ${update['schema-id']} to make current`);
        next = { ...next, 'current-schema-id': id };
        break;
      }
      case 'set-properties':
        next = { ...next, properties: { ...next.properties, ...update.updates } };
        break;
      case 'remove-properties': {
        const properties = { ...next.properties };
        for (const key of update.removals) delete properties[key];
        next = { ...next, properties };
        break;
      }
    }
  }

  if (removed) {
    const ids = new Set((next.snapshots ?? []).map((s: Snapshot) => s['snapshot-id']));
    for (const [name, ref] of Object.entries(next.refs ?? {}))
      if (!ids.has(ref['snapshot-id']))
        throw bad(`ref ${name} still points to removed snapshot ${ref['snapshot-id']}`);
    const current = currentSnapshotId(next);
    if (current !== undefined && !ids.has(current))
      throw bad(`the current snapshot ${current} cannot be removed`);
    next = { ...next, 'snapshot-log': prunedSnapshotLog(next) };
  }
  return { ...next, 'last-updated-ms': Math.max(lastUpdated ?? now, base['last-updated-ms']) };
}

/** How many earlier metadata files the log keeps: the table's property, else the reference default. */
export function metadataLogLimit(metadata: TableMetadata): number {
  const configured = Number(metadata.properties?.['write.metadata.previous-versions-max']);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : 100;
}

/** The new metadata with its base file at the end of the metadata log (spec "Table Metadata"). */
export function withMetadataLog(
  next: TableMetadata,
  base: TableMetadata,
  baseLocation: string,
): TableMetadata {
  const entry: MetadataLogEntry = { 'metadata-file': baseLocation, 'timestamp-ms': base['last-updated-ms'] };
  return { ...next, 'metadata-log': [...(next['metadata-log'] ?? []), entry].slice(-metadataLogLimit(next)) };
}
