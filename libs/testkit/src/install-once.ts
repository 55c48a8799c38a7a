import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
