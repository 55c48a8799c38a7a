import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PartitionValue } from '@lakestream/iceberg';

// The index that makes position deletes possible: for every live row of a current-state table, the
// data file and row position that hold it. An update deletes the old position and appends the new
// row; a delete only deletes the position.

export interface LivePosition {
  path: string;
  partition: readonly PartitionValue[];
  pos: number;
}

interface LiveFile {
  path: string;
  partition: readonly PartitionValue[];
}

// A file number and a row position packed into one double (file × 2^32 + position): exact below
// 2^53, i.e. up to 2^21 files, and a Map of numbers costs far less than a Map of objects.
const POSITIONS = 2 ** 32;

export class LiveRows {
  private readonly files: LiveFile[] = [];
  private readonly fileNumbers = new Map<string, number>();
  private readonly positions = new Map<string, number>();
  /**
   * The ordinal and revision of live rows a re-emission may still replace (written by a partial or
   * re-emitted emission); other rows need none: a re-emission never replaces them (lake/emission.ts).
   */
  private readonly emissions = new Map<string, HeldEmission>();

  get size() {
    return this.positions.size;
  }

  get fileCount() {
    return this.files.length;
  }

  get(key: string): LivePosition | undefined {
    const packed = this.positions.get(key);
    if (packed === undefined) return undefined;
    const file = this.files[Math.floor(packed / POSITIONS)] as LiveFile;
    return { path: file.path, partition: file.partition, pos: packed % POSITIONS };
  }

  set(key: string, path: string, partition: readonly PartitionValue[], pos: number) {
    let fileNumber = this.fileNumbers.get(path);
    if (fileNumber === undefined) {
      fileNumber = this.files.length;
      if (fileNumber >= 2 ** 21) throw new Error('the live-row index holds 2^21 files; compact the table');
      this.files.push({ path, partition });
      this.fileNumbers.set(path, fileNumber);
    }
    this.positions.set(key, fileNumber * POSITIONS + pos);
  }

  delete(key: string) {
    this.positions.delete(key);
    this.emissions.delete(key);
  }

  /** The emission behind a live row that a re-emission may replace; undefined for any other row. */
  emission(key: string): HeldEmission | undefined {
    return this.emissions.get(key);
  }

  /** Remembers the emission behind a live row (set after `set`, which a `delete` clears). */
  setEmission(key: string, emission: HeldEmission) {
    this.emissions.set(key, emission);
  }

  get emissionCount() {
    return this.emissions.size;
  }

  /** Every live key (a truncate walks them to find the ones its partition holds). */
  keys(): IterableIterator<string> {
    return this.positions.keys();
  }

  toJSON(): LiveRowsCheckpointBody {
    const keys: string[] = [];
    const packed: number[] = [];
    for (const [key, value] of this.positions) {
      keys.push(key);
      packed.push(value);
    }
    return {
      files: this.files.map((f) => ({ path: f.path, partition: encodePartition(f.partition) })),
      keys,
      packed,
      emissions: [...this.emissions].map(([key, e]) => [key, e.ordinal, e.revision]),
    };
  }

  static fromJSON(body: LiveRowsCheckpointBody): LiveRows {
    const rows = new LiveRows();
    for (const file of body.files) {
      rows.fileNumbers.set(file.path, rows.files.length);
      rows.files.push({ path: file.path, partition: decodePartition(file.partition) });
    }
    body.keys.forEach((key, i) => {
      rows.positions.set(key, body.packed[i] as number);
    });
    for (const [key, ordinal, revision] of body.emissions ?? [])
      rows.emissions.set(key, { ordinal, revision });
    return rows;
  }
}

interface LiveRowsCheckpointBody {
  files: { path: string; partition: (string | number | null)[] }[];
  keys: string[];
  packed: number[];
  /** Absent in a checkpoint from before enrichment: no row of it can be re-emitted. */
  emissions?: [string, string, number][];
}

export interface HeldEmission {
  ordinal: string;
  revision: number;
}

// Partition values may be bigints (long identity partitions); JSON needs them as tagged text.
// The sink's own tables partition on strings, dates, buckets and longs only.
const encodePartition = (values: readonly PartitionValue[]) =>
  values.map((v) => (typeof v === 'bigint' ? `${v}n` : (v as string | number | null)));
const decodePartition = (values: (string | number | null)[]): PartitionValue[] =>
  values.map((v) => (typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v));

export interface LiveRowsCheckpoint {
  tableUuid: string;
  snapshotId: bigint;
  rows: LiveRows;
}

/** Saved beside the sink so a restart at the same snapshot skips the rebuild; written by rename. */
export async function saveCheckpoint(path: string, checkpoint: LiveRowsCheckpoint) {
  await mkdir(dirname(path), { recursive: true });
  const aside = `${path}.tmp`;
  await writeFile(
    aside,
    JSON.stringify({
      tableUuid: checkpoint.tableUuid,
      // Decimal text: snapshot ids are 64-bit, and JSON numbers hold 53 bits.
      snapshotId: String(checkpoint.snapshotId),
      ...checkpoint.rows.toJSON(),
    }),
  );
  await rename(aside, path);
}

/** The saved index if it was taken at exactly this table and snapshot; anything else is rebuilt. */
export async function loadCheckpoint(
  path: string,
  tableUuid: string,
  snapshotId: bigint,
): Promise<LiveRows | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const body = JSON.parse(text) as LiveRowsCheckpointBody & { tableUuid: string; snapshotId: unknown };
    // A checkpoint from before ids were bigints holds a number: it is rebuilt once.
    if (body.tableUuid !== tableUuid || body.snapshotId !== String(snapshotId)) return undefined;
    return LiveRows.fromJSON(body);
  } catch {
    return undefined; // a torn or foreign file: the table is the truth, rebuild from it
  }
}
