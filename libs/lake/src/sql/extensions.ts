import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LakeError } from '../errors';

// DuckDB's extension site is not reachable from these machines, and @duckdb/node-api ships only the
// core and Parquet. PyPI carries DuckDB-signed extension binaries as wheels
// (duckdb-extension-<name>), which load into the DuckDB of the same version only: the node package
// is pinned to exactly that version (../shared/INFRA.md, "SQL over the lake with DuckDB, offline").
// They are fetched once with pip into the cache and loaded by path.

export const DUCKDB_VERSION = '1.5.5';
export const EXTENSIONS = ['avro', 'iceberg', 'httpfs'] as const;
export type DuckdbExtension = (typeof EXTENSIONS)[number];

const platform = () => {
  if (process.platform !== 'linux')
    throw new LakeError(
      'LAKE_EXTENSIONS_UNAVAILABLE',
      `DuckDB extensions from PyPI: linux only, not ${process.platform}`,
    );
  return process.arch === 'arm64' ? 'manylinux2014_aarch64' : 'manylinux2014_x86_64';
};

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${output.slice(-2000)}`)),
    );
  });
}

/** The folder holding `<name>.duckdb_extension` for every extension, installed on first use. */
export async function duckdbExtensions(cache: string, progress: (line: string) => void = () => undefined) {
  const dir = join(cache, `duckdb-extensions-${DUCKDB_VERSION}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  mkdirSync(cache, { recursive: true });
  const lock = `${dir}.lock`;
  // One installer at a time (mkdir is atomic); a lock older than 10 minutes is a dead installer's.
  for (const deadline = Date.now() + 10 * 60_000; ; ) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (existsSync(join(dir, '.complete'))) return dir;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline)
        throw new LakeError('LAKE_EXTENSIONS_UNAVAILABLE', `gave up waiting for ${lock}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (existsSync(join(dir, '.complete'))) return dir;
    const tmp = `${dir}.partial-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(join(tmp, 'wheels'), { recursive: true });
    const started = Date.now();
    progress(
      `installing DuckDB ${DUCKDB_VERSION} extensions ${EXTENSIONS.join(', ')} from PyPI into ${dir} (first time only, ~80 MB)`,
    );
    try {
      await run('python3', [
        '-m',
        'pip',
        'download',
        '--quiet',
        '--disable-pip-version-check',
        '--no-input',
        '--no-deps',
        '--only-binary=:all:',
        '--platform',
        platform(),
        '--python-version',
        '3.11',
        '-d',
        join(tmp, 'wheels'),
        ...EXTENSIONS.map((e) => `duckdb-extension-${e}==${DUCKDB_VERSION}`),
      ]);
      for (const wheel of readdirSync(join(tmp, 'wheels'))) {
        await run('python3', ['-m', 'zipfile', '-e', join(tmp, 'wheels', wheel), join(tmp, 'unpacked')]);
      }
      for (const name of EXTENSIONS) {
        const file = join(
          tmp,
          'unpacked',
          `duckdb_extension_${name}`,
          'extensions',
          `v${DUCKDB_VERSION}`,
          `${name}.duckdb_extension`,
        );
        if (!existsSync(file)) throw new Error(`the ${name} wheel has no ${file}`);
        renameSync(file, join(tmp, `${name}.duckdb_extension`));
      }
      rmSync(join(tmp, 'wheels'), { recursive: true, force: true });
      rmSync(join(tmp, 'unpacked'), { recursive: true, force: true });
      writeFileSync(join(tmp, '.complete'), `${new Date().toISOString()}\n`);
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw new LakeError(
        'LAKE_EXTENSIONS_UNAVAILABLE',
        `could not install the DuckDB extensions from PyPI (python3 -m pip download): ${(error as Error).message}`,
        { cause: error },
      );
    }
    progress(`installed the DuckDB extensions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return dir;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
