import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadStackConfig, type StackConfig } from '@lakestream/cli';

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
  const installed = await installLakeReader(reader);
  const input = JSON.stringify({
    s3: request.s3 ?? null,
    reads: request.reads.map((r) => ({
      metadataLocation: r.metadataLocation,
      snapshotId: r.snapshotId ?? null,
    })),
  });
  const out = await runReader(installed, installed.args, input, options.timeoutMs ?? 120_000);
  try {
    return (JSON.parse(out) as { results: LakeReadResult[] }).results;
  } catch {
    throw new LakeReaderError(reader, `${reader} printed no JSON document:\n${out.slice(0, 2000)}`);
  }
}

export const readersDir = resolve(__dirname, '..', 'readers');

/** Installs (once per recipe) and returns how to start a reader. Safe across concurrent jest workers. */
export async function installLakeReader(reader: LakeReader): Promise<InstalledReader> {
  const cache = join(loadStackConfig().cache, 'readers');
  if (reader === 'pyiceberg') {
    const recipe = join(readersDir, 'python');
    // Only the pins: editing a script must not rebuild the venv; the scripts run from the repo.
    const dir = join(cache, `python-${digest(recipe, ['requirements.txt'])}`);
    await installOnce(dir, 'pyiceberg reader (python venv + pip, ~20 s)', async (tmp) => {
      await exec('python3', ['-m', 'venv', join(tmp, 'venv')]);
      await exec(join(tmp, 'venv', 'bin', 'python'), [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--no-input',
        // Wheels only: nothing compiles on a CI machine, and a missing wheel fails fast.
        '--only-binary=:all:',
        '-r',
        join(recipe, 'requirements.txt'),
      ]);
    });
    // The venv's python keeps working after the folder is renamed; pip's scripts would not.
    return {
      reader,
      dir,
      command: join(dir, 'venv', 'bin', 'python'),
      args: [join(recipe, 'read_tables.py')],
    };
  }
  const recipe = join(readersDir, 'java');
  const dir = join(cache, `java-${digest(recipe, ['pom.xml', 'ReadTables.java'])}`);
  await installOnce(dir, 'Java Iceberg reader (Maven + javac, ~15 s)', async (tmp) => {
    await exec('mvn', [
      '-q',
      '-B',
      '-f',
      join(recipe, 'pom.xml'),
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
      `-DoutputDirectory=${join(tmp, 'lib')}`,
      '-DincludeScope=runtime',
    ]);
    await exec('javac', [
      '-nowarn',
      '-d',
      join(tmp, 'classes'),
      '-cp',
      `${join(tmp, 'lib')}/*`,
      join(recipe, 'ReadTables.java'),
    ]);
  });
  return {
    reader,
    dir,
    command: 'java',
    // A read is one short-lived JVM: the C1 compiler and the serial collector start fastest.
    args: [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-Xmx512m',
      '-cp',
      `${join(dir, 'classes')}:${join(dir, 'lib')}/*`,
      'ReadTables',
    ],
  };
}

/** A short digest of the named recipe files: a changed recipe installs into a new folder. */
function digest(dir: string, files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(dir, file)))
      .update('\0');
  return hash.digest('hex').slice(0, 8);
}

/**
 * Builds `dir` once. A lock folder (mkdir is atomic) lets one process build while others wait; the
 * build goes to a temporary sibling renamed into place when complete, so a killed install never
 * leaves a folder that looks valid. A lock whose owner died is taken over.
 */
async function installOnce(dir: string, what: string, build: (tmp: string) => Promise<void>): Promise<void> {
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return;
  mkdirSync(resolve(dir, '..'), { recursive: true });
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 15 * 60_000;
  while (!tryLock(lock)) {
    if (existsSync(marker)) return;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${lock} (another install of ${what})`);
    await new Promise((r) => setTimeout(r, 500));
  }
  try {
    if (existsSync(marker)) return;
    const tmp = `${dir}.partial-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const started = Date.now();
    process.stderr.write(`lakestream: installing ${what} into ${dir} (first time only)\n`);
    try {
      await build(tmp);
      writeFileSync(join(tmp, '.complete'), `${new Date().toISOString()}\n`);
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw error;
    }
    process.stderr.write(
      `lakestream: installed ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(readFileSafe(join(lock, 'pid')));
    // An owner that died leaves its lock behind; a lock without a pid yet is being created.
    if (owner > 0 && !isAlive(owner)) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs an install step; a failure throws with the step's output tail. */
async function exec(command: string, args: string[]): Promise<void> {
  await spawnCollect(command, args, undefined, 20 * 60_000).then(({ code, stdout, stderr }) => {
    if (code !== 0) {
      throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${tail(`${stdout}\n${stderr}`)}`);
    }
  });
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

function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function spawnCollect(
  command: string,
  args: string[],
  input: string | undefined,
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => {
      err.push(Buffer.from(`\n(killed after ${timeoutMs} ms)\n`));
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    child.stdin.end(input ?? '');
  });
}
