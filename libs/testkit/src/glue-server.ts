import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadStackConfig, waitFor } from '@lakestream/stack';
import { freePort } from './free-port';
import { pythonRecipe } from './install-once';
import { readersDir } from './reader-install';

/**
 * A local AWS Glue API for tests: moto in server mode, the only Glue API server that runs locally
 * (pinned in readers/moto/requirements.txt, installed on first use into LAKESTREAM_CACHE like the
 * lake readers). It keeps tables and their versions in memory, but does not check UpdateTable's
 * VersionId: a test of the optimistic swap itself cannot rely on it.
 */
export async function startGlueServer(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const { python } = await pythonRecipe(
    join(loadStackConfig().cache, 'readers'),
    'moto',
    join(readersDir, 'moto'),
    'moto server',
  );
  const port = await freePort();
  const child: ChildProcess = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
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
