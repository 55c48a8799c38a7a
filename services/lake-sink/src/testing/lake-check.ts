import { readFileTable } from '@lakestream/iceberg';
import { localS3Client, type StackConfig } from '@lakestream/stack';
import { s3Storage } from '@lakestream/storage';
import { type LakeReader, type LakeRow, lakeS3, readLakeTables } from '@lakestream/testkit';
import { offsetsOf, type TopicOffsets } from '../lake/table-writer';
import type { PrivateLake } from './harness';

export const READERS: readonly LakeReader[] = ['pyiceberg', 'java'];

export interface TableRead {
  /** The next offset per input partition that the read snapshot records (its summary). */
  offsets: TopicOffsets;
  rows: Record<LakeReader, LakeRow[]>;
}

/** The lake of a private world as a test checks it: table offsets, and reads by both readers. */
export function lakeCheck(lake: PrivateLake, stack: StackConfig) {
  const storage = s3Storage(localS3Client(stack), lake.warehouse);

  async function offsets(entity: string, table: string): Promise<TopicOffsets> {
    const loaded = await readFileTable(storage, lake.tableLocation(table));
    return offsetsOf(loaded?.metadata, lake.topic(entity));
  }

  return {
    offsets,

    /**
     * Whether both tables of the entity record, for every partition, a next offset past `last`
     * (the highest offset per partition that must be in the tables).
     */
    async covers(entity: string, last: ReadonlyMap<number, bigint>): Promise<boolean> {
      for (const table of [entity, `${entity}_changes`]) {
        const next = await offsets(entity, table);
        for (const [partition, offset] of last) if ((next.get(partition) ?? 0n) <= offset) return false;
      }
      return true;
    },

    /**
     * The newest metadata version of each table, read by pyiceberg and by the Java reader: one
     * process per reader for all the tables, as a JVM or Python start costs seconds on a small machine.
     */
    async read(tables: readonly { entity: string; table: string }[]): Promise<TableRead[]> {
      const loaded = await Promise.all(
        tables.map(async ({ table }) => {
          const found = await readFileTable(storage, lake.tableLocation(table));
          if (!found) throw new Error(`${table} does not exist`);
          return found;
        }),
      );
      const request = {
        s3: lakeS3(stack),
        reads: loaded.map((t) => ({ metadataLocation: t.metadataLocation })),
      };
      const [pyiceberg, java] = await Promise.all(READERS.map((r) => readLakeTables(r, request)));
      return loaded.map((t, i) => ({
        offsets: offsetsOf(t.metadata, lake.topic(tables[i]?.entity ?? '')),
        rows: { pyiceberg: pyiceberg?.[i]?.rows ?? [], java: java?.[i]?.rows ?? [] },
      }));
    },
  };
}

/** `partition:offset` per row of a changes table, or per record of a topic: the identity of a change. */
export const changeId = (partition: unknown, offset: unknown) => `${String(partition)}:${String(offset)}`;

/** Each id that occurs more than once, with its count. */
export function duplicates(ids: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1);
}

/**
 * What one multiset of ids lacks and has too many of, against another: small enough to print when
 * 50,000 ids do not match, where a full diff would bury the few that matter.
 */
export function idsDiff(actual: readonly string[], expected: readonly string[]) {
  const counts = new Map<string, number>();
  for (const id of expected) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const id of actual) counts.set(id, (counts.get(id) ?? 0) - 1);
  const missing = [...counts].filter(([, n]) => n > 0).map(([id]) => id);
  const extra = [...counts].filter(([, n]) => n < 0).map(([id]) => id);
  return {
    missing: missing.length,
    extra: extra.length,
    someMissing: missing.slice(0, 10),
    someExtra: extra.slice(0, 10),
  };
}

/** Rows keyed by `key` that differ, are missing or are extra, against the expected rows (a few of each). */
export function rowsDiff(
  actual: readonly Record<string, string | null>[],
  expected: readonly Record<string, string | null>[],
  key: string,
) {
  const byKey = (rows: readonly Record<string, string | null>[]) =>
    new Map(rows.map((r) => [String(r[key]), JSON.stringify(r)]));
  const have = byKey(actual);
  const want = byKey(expected);
  const differing = [...want].filter(([k, row]) => have.has(k) && have.get(k) !== row).map(([k]) => k);
  const missing = [...want.keys()].filter((k) => !have.has(k));
  const extra = [...have.keys()].filter((k) => !want.has(k));
  return {
    rows: actual.length,
    differing: differing.length,
    missing: missing.length,
    extra: extra.length,
    examples: [...differing, ...missing, ...extra]
      .slice(0, 3)
      .map((k) => ({ key: k, lake: have.get(k), source: want.get(k) })),
  };
}

export const NO_IDS_DIFF = { missing: 0, extra: 0, someMissing: [], someExtra: [] };

/** What rowsDiff gives for `rows` rows that all match. */
export const sameRows = (rows: number) => ({ rows, differing: 0, missing: 0, extra: 0, examples: [] });
