import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(`${command} exited with ${exitCode}:\n${output.split('\n').slice(-30).join('\n')}`);
    this.name = 'CommandError';
  }
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: string;
}

/** Runs a command to completion and returns its output; a non-zero exit throws with the tail. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => chunks.push(c));
    child.stderr?.on('data', (c: Buffer) => chunks.push(c));
    child.once('error', reject);
    child.once('close', (code) => {
      const output = Buffer.concat(chunks).toString('utf8');
      if (code === 0) resolve(output);
      else reject(new CommandError([command, ...args].join(' '), code, output));
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/**
 * Builds `dir` once: the build writes into a temporary sibling that is renamed into place only when
 * complete, so an interrupted download never leaves a half-filled cache that later looks valid.
 */
export async function ensureCached(
  dir: string,
  progress: (message: string) => void,
  what: string,
  build: (tmpDir: string) => Promise<void>,
): Promise<void> {
  const marker = `${dir}/.complete`;
  if (existsSync(marker)) return;
  const tmp = `${dir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const started = Date.now();
  progress(`installing ${what} (first time only; cached in ${dirname(dir)})`);
  try {
    await build(tmp);
    writeFileSync(`${tmp}/.complete`, `${new Date().toISOString()}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  progress(`installed ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Resolves a Maven POM's dependencies into a folder; pinned plugin since Maven 3.8 defaults are old. */
export async function mavenCopyDependencies(
  pom: string,
  outputDir: string,
  extra: string[] = [],
): Promise<void> {
  await run('mvn', [
    '-q',
    '-B',
    '-f',
    pom,
    'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
    `-DoutputDirectory=${outputDir}`,
    '-DincludeScope=runtime',
    ...extra,
  ]);
}

/** Fails early with an install hint when a Debian-packaged binary is missing. */
export async function requireBinary(binary: string, debianPackage: string): Promise<string> {
  try {
    return (await run('sh', ['-c', `command -v ${binary}`])).trim();
  } catch {
    throw new Error(
      `${binary} not found: install the Debian package ${debianPackage} (scripts/bootstrap does)`,
    );
  }
}
