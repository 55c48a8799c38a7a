import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnCollect, tail } from './spawn-collect';

/**
 * Builds `dir` once. A lock folder (mkdir is atomic) lets one process build while others wait; the
 * build goes to a temporary sibling renamed into place when complete, so a killed install never
 * leaves a folder that looks valid. A lock whose owner died is taken over.
 */
export async function installOnce(
  dir: string,
  what: string,
  build: (tmp: string) => Promise<void>,
): Promise<void> {
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

/** A short digest of the named recipe files: a changed recipe installs into a new folder. */
export function recipeDigest(dir: string, files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(dir, file)))
      .update('\0');
  return hash.digest('hex').slice(0, 8);
}

/** Runs an install step; a failure throws with the step's output tail. */
export async function installStep(command: string, args: string[]): Promise<void> {
  const { code, stdout, stderr } = await spawnCollect(command, args, undefined, 20 * 60_000);
  if (code !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${tail(`${stdout}\n${stderr}`)}`);
}

/**
 * A Python virtualenv with a recipe's pinned `requirements.txt` (wheels only: nothing compiles on a
 * CI machine, and a missing wheel fails fast), installed once per pin set under `cache`. Returns the
 * venv's python, which keeps working after the folder is renamed into place (pip's scripts would not).
 */
export async function pythonRecipe(
  cache: string,
  name: string,
  recipe: string,
  what: string,
): Promise<{ dir: string; python: string }> {
  const dir = join(cache, `${name}-${recipeDigest(recipe, ['requirements.txt'])}`);
  await installOnce(dir, `${what} (python venv + pip)`, async (tmp) => {
    await installStep('python3', ['-m', 'venv', join(tmp, 'venv')]);
    await installStep(join(tmp, 'venv', 'bin', 'python'), [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-input',
      '--only-binary=:all:',
      '-r',
      join(recipe, 'requirements.txt'),
    ]);
  });
  return { dir, python: join(dir, 'venv', 'bin', 'python') };
}
