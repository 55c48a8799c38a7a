import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The same cache `lakestream stack up` downloads into (LAKESTREAM_CACHE). */
export const cacheRoot = () => process.env.LAKESTREAM_CACHE ?? join(homedir(), '.cache', 'lakestream');

/** Runs a command; a failure says what ran and what it printed. */
export async function run(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; stdoutOnFailure?: boolean } = {},
): Promise<string> {
  try {
    const { stdout } = await exec(command, [...args], {
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    // Checkers (kubeconform, promtool) exit non-zero on findings and report them on stdout.
    if (options.stdoutOnFailure && e.stdout) return e.stdout;
    throw new Error(`${command} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/**
 * A folder in the cache, made once: `fill` writes into a fresh temporary folder that is renamed into
 * place only when complete, so a failed or concurrent install never leaves half a folder behind.
 */
export async function cachedFolder(name: string, fill: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(cacheRoot(), name);
  if (existsSync(dir)) return dir;
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  try {
    await fill(tmp);
    if (!existsSync(dir)) renameSync(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

/** The Go module cache the tools are built from, inside ours (so a purge of the stack keeps it). */
export const goEnv = () => ({
  GOMODCACHE: join(cacheRoot(), 'go-mod'),
  GOFLAGS: '-mod=mod',
  PATH: `${process.env.PATH}:/usr/local/go/bin`,
});

/** A Go command-line tool built from the Go module proxy into the cache: its path. */
export async function goTool(module: string, version: string, binary: string): Promise<string> {
  const dir = await cachedFolder(`tools/${binary}-${version}`, async (tmp) => {
    await run('go', ['install', `${module}@${version}`], { env: { ...goEnv(), GOBIN: tmp } });
  });
  return join(dir, binary);
}

/** A Go module's source folder (read-only in the module cache), downloaded through the proxy. */
export async function goModule(module: string, version: string): Promise<string> {
  const out = await run('go', ['mod', 'download', '-json', `${module}@${version}`], { env: goEnv() });
  const info = JSON.parse(out) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download ${module}@${version}: ${info.Error ?? 'no folder'}`);
  return info.Dir;
}
