import { loadStackConfig, type StackConfig } from '@lakestream/stack';
import { installLakeReader } from './reader-install';
import { spawnCollect, tail } from './spawn-collect';

/**
 * Two independent Iceberg readers that tests use to check the lake: pyiceberg and Iceberg's Java
 * generic reader. Both take the same request and print every row as the same canonical text
 * (libs/testkit/readers/README.md), so a test can compare them with each other and with expected rows.
 * Each reader installs itself on first use into LAKESTREAM_CACHE (default ~/.cache/lakestream).
 */
export type LakeReader = 'pyiceberg' | 'java';

export interface LakeS3 {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface LakeRead {
  /** `s3://bucket/…/vN.metadata.json`, `/abs/…/vN.metadata.json` or `file:///abs/…`. */
  metadataLocation: string;
  /** Decimal text (ids exceed 2^53); omitted or null reads the current snapshot. */
  snapshotId?: string | null;
  /**
   * Only these columns, in this order (pyiceberg only): a check that needs three columns of a
   * history table need not have every value of every row printed and parsed.
   */
  columns?: readonly string[];
}

export interface LakeReadRequest {
  s3?: LakeS3 | null;
  reads: LakeRead[];
}

export interface LakeColumn {
  id: number;
  name: string;
  /** Iceberg's own type text: `long`, `decimal(12, 2)`, `timestamptz`, … */
  type: string;
  required: boolean;
}

export type LakeRow = Record<string, string | null>;

export interface LakeReadResult {
  /** The snapshot read; null only for a table with no snapshot yet. */
  snapshotId: string | null;
  schema: LakeColumn[];
  /** In the order the reader's scan yields them; sort before comparing. */
  rows: LakeRow[];
}

export interface InstalledReader {
  reader: LakeReader;
  /** The cache folder the reader was installed into. */
  dir: string;
  /** The interpreter (venv python, or java) and the arguments that start the reader. */
  command: string;
  args: string[];
}

export class LakeReaderError extends Error {
  constructor(
    readonly reader: LakeReader,
    message: string,
    readonly stderrTail = '',
  ) {
    super(stderrTail ? `${message}\n--- ${reader} stderr (tail) ---\n${stderrTail}` : message);
    this.name = 'LakeReaderError';
  }
}

/** The local stack's S3 server, as the readers' `s3` setting. */
export function lakeS3(config: StackConfig = loadStackConfig()): LakeS3 {
  return {
    endpoint: `http://${config.host}:${config.ports.s3}`,
    accessKeyId: config.s3.accessKeyId,
    secretAccessKey: config.s3.secretAccessKey,
    region: config.s3.region,
  };
}

/** Reads each table snapshot with one reader; installs the reader first if this machine lacks it. */
export async function readLakeTables(
  reader: LakeReader,
  request: LakeReadRequest,
  options: { timeoutMs?: number } = {},
): Promise<LakeReadResult[]> {
  if (reader === 'java' && request.reads.some((r) => r.columns))
    throw new LakeReaderError(reader, 'the java reader reads every column; ask pyiceberg for a column list');
  const installed = await installLakeReader(reader);
  const input = JSON.stringify({
    s3: request.s3 ?? null,
    reads: request.reads.map((r) => ({
      metadataLocation: r.metadataLocation,
      snapshotId: r.snapshotId ?? null,
      columns: r.columns ?? null,
    })),
  });
  const out = await runReader(installed, installed.args, input, options.timeoutMs ?? 120_000);
  try {
    return (JSON.parse(out) as { results: LakeReadResult[] }).results;
  } catch {
    throw new LakeReaderError(reader, `${reader} printed no JSON document:\n${out.slice(0, 2000)}`);
  }
}

/** Runs a reader with `input` on stdin and returns its stdout; a failure carries the stderr tail. */
export async function runReader(
  installed: InstalledReader,
  args: string[],
  input: string,
  timeoutMs: number,
): Promise<string> {
  const { code, stdout, stderr } = await spawnCollect(installed.command, args, input, timeoutMs).catch(
    (error: Error) => {
      throw new LakeReaderError(installed.reader, `${installed.reader} reader did not run: ${error.message}`);
    },
  );
  if (code !== 0) {
    throw new LakeReaderError(
      installed.reader,
      `${installed.reader} reader exited with ${code}`,
      tail(stderr),
    );
  }
  return stdout;
}
