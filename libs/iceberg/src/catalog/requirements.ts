import { IcebergError } from '../errors';
import { currentSnapshotId, type TableMetadata } from '../metadata';
import type { TableRequirement } from './catalog';

const show = (value: unknown) => (value === undefined || value === null ? 'none' : String(value));

/** The ref's snapshot id; `main` falls back to current-snapshot-id for tables written without refs. */
export function refSnapshotId(metadata: TableMetadata, ref: string): bigint | undefined {
  if (ref === 'main') return currentSnapshotId(metadata);
  return metadata.refs?.[ref]?.['snapshot-id'];
}

/**
 * Why the requirements do not hold on the table's newest metadata (undefined: no table), if they do
 * not: the commit was built on a base that has moved (spec "REST Catalog", TableRequirement).
 */
export function failedRequirement(
  metadata: TableMetadata | undefined,
  requirements: readonly TableRequirement[],
): string | undefined {
  for (const requirement of requirements) {
    if (requirement.type === 'assert-create') {
      if (metadata) return 'the table already exists';
      continue;
    }
    if (!metadata) return 'the table does not exist';
    switch (requirement.type) {
      case 'assert-table-uuid':
        if (metadata['table-uuid'] !== requirement.uuid)
          return `table uuid is ${metadata['table-uuid']}, expected ${requirement.uuid}`;
        break;
      case 'assert-ref-snapshot-id': {
        const actual = refSnapshotId(metadata, requirement.ref);
        if ((actual ?? null) !== requirement['snapshot-id'])
          return `ref ${requirement.ref} is at snapshot ${show(actual)}, expected ${show(requirement['snapshot-id'])}`;
        break;
      }
      case 'assert-current-schema-id':
        if (metadata['current-schema-id'] !== requirement['current-schema-id'])
          return `current schema is ${metadata['current-schema-id']}, expected ${requirement['current-schema-id']}`;
        break;
      case 'assert-last-assigned-field-id':
        if (metadata['last-column-id'] !== requirement['last-assigned-field-id'])
          return `last column id is ${metadata['last-column-id']}, expected ${requirement['last-assigned-field-id']}`;
        break;
      case 'assert-default-spec-id':
        if (metadata['default-spec-id'] !== requirement['default-spec-id'])
          return `default spec is ${metadata['default-spec-id']}, expected ${requirement['default-spec-id']}`;
        break;
    }
  }
  return undefined;
}

/** Throws ICEBERG_COMMIT_CONFLICT when a requirement fails. */
export function checkRequirements(
  table: string,
  metadata: TableMetadata | undefined,
  requirements: readonly TableRequirement[],
): void {
  const failed = failedRequirement(metadata, requirements);
  if (failed) throw new IcebergError('ICEBERG_COMMIT_CONFLICT', `${table}: requirement failed: ${failed}`);
}
