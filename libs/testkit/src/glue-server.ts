import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStackConfig, waitFor } from '@lakestream/stack';
import { freePort } from './free-port';
import { installOnce } from './install-once';
import { readersDir } from './reader-install';
import { spawnCollect, tail } from './spawn-collect';

/**
 * A local AWS Glue API for tests: moto in server mode, the only Glue API server that runs locally
 * (pinned in readers/moto/requirements.txt, installed on first use into LAKESTREAM_CACHE like the
 * lake readers). It keeps tables and their versions in memory, but does not check UpdateTable's
 * VersionId: a test of the optimistic swap itself cannot rely on it.
 */
export async function startGlueServer(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const recipe = join(readersDir, 'moto');
  const digest = createHash('sha256')
    .update(readFileSync(join(recipe, 'requirements.txt')))
    .digest('hex')
    .slice(0, 8);
  const dir = join(loadStackConfig().cache, 'readers', `moto-${digest}`);
  await installOnce(dir, 'moto server (python venv + pip, ~60 s)', async (tmp) => {
    for (const [command, args] of [
      ['python3', ['-m', 'venv', join(tmp, 'venv')]],
      [
        join(tmp, 'venv', 'bin', 'python'),
        [
          '-m',
          'pip',
          'install',
          '--quiet',
          '--disable-pip-version-check',
          '--no-input',
          '--only-binary=:all:',
          '-r',
          join(recipe, 'requirements.txt'),
        ],
      ],
    ] as const) {
      const { code, stdout, stderr } = await spawnCollect(command, [...args], undefined, 20 * 60_000);
      if (code !== 0)
        throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${tail(`${stdout}\n${stderr}`)}`);
    }
  });
  const port = await freePort();
  const child: ChildProcess = spawn(
    join(dir, 'venv', 'bin', 'python'),
    ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let output = '';
  child.stderr?.on('data', (c: Buffer) => {
    output = (output + c.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}:\n${output}`);
        return fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) })
          .then((r) => r.ok)
          .catch(() => false);
      },
      { what: 'the moto server to answer', timeoutMs: 60_000, intervalMs: 250 },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
