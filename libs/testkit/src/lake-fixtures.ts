import { join } from 'node:path';
import type { LakeReader, LakeRow } from './lake-readers';
import { runReader } from './lake-readers';
import { installLakeReader, readersDir } from './reader-install';

/**
 * Small Iceberg v2 tables written by another engine, in the lake's file-catalog layout on a local
 * disk (`<warehouse>/ns/t/metadata/v<N>.metadata.json` + `version-hint.text`), for tests of code that
 * reads or commits to tables it did not write. pyiceberg (python/make_fixture.py) and the reference
 * Java implementation (java/WriteTables.java) take the same rows: canonical text (readers/README.md)
 * for the fixed schema id, name, price decimal(12, 2), born date, changed_at timestamptz, local_at
 * timestamp, active boolean, score double.
 */
export interface LakeFixtureRequest {
  /** An absolute local folder; the table goes in `<warehouse>/ns/t`. */
  warehouse: string;
  /** One append (one snapshot) each. */
  batches: LakeRow[][];
  /** pyiceberg only: a copy-on-write delete of these ids, after the appends. */
  deleteIds?: string[];
  /** Then one snapshot of position-delete files for these ids. */
  positionDeleteIds?: string[];
  /** Decimal text: the table's sequence numbers start after it (set before any snapshot). */
  lastSequenceNumber?: string;
  /** Decimal text: snapshot ids from this one up (both engines pick random 63-bit ids otherwise). */
  firstSnapshotId?: string;
  /** java only: partitioned by bucket[4](id) and day(changed_at). */
  partitioned?: boolean;
}

/** How the writing engine plans a snapshot's scan: live data files and the deletes applying to each. */
export interface LakeFixturePlan {
  snapshotId: string;
  /** `sequenceNumber` is the data sequence number (decimal text; null from pyiceberg, which hides it). */
  files: { path: string; sequenceNumber: string | null; deletes: string[] }[];
}

export interface LakeFixture {
  /** The table's newest metadata file, in the file-catalog layout. */
  metadataLocation: string;
  /** Decimal text, oldest first. */
  snapshotIds: string[];
  plans: LakeFixturePlan[];
}

/** Writes the table with `writer`; installs that engine first if this machine lacks it. */
export async function writeLakeFixture(
  writer: LakeReader,
  request: LakeFixtureRequest,
): Promise<LakeFixture> {
  const installed = await installLakeReader(writer);
  const out =
    writer === 'pyiceberg'
      ? await runReader(
          installed,
          [join(readersDir, 'python', 'make_fixture.py')],
          JSON.stringify({
            warehouse: request.warehouse,
            s3: null,
            table: 'ns.t',
            batches: request.batches,
            deleteIds: request.deleteIds ?? [],
            positionDeleteIds: request.positionDeleteIds ?? [],
            lastSequenceNumber: request.lastSequenceNumber ?? null,
            firstSnapshotId: request.firstSnapshotId ?? null,
            fileCatalog: true,
          }),
          180_000,
        )
      : await runReader(
          installed,
          [...installed.args.slice(0, -1), 'WriteTables'],
          JSON.stringify({
            location: join(request.warehouse, 'ns', 't'),
            batches: request.batches,
            positionDeleteIds: request.positionDeleteIds ?? [],
            partitioned: request.partitioned ?? false,
            firstSnapshotId: request.firstSnapshotId ?? null,
            lastSequenceNumber: request.lastSequenceNumber ?? null,
          }),
          180_000,
        );
  return JSON.parse(out) as LakeFixture;
}
