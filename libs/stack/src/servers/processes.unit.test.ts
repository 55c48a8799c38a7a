import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../wait';
import {
  isAlive,
  portIsFree,
  processesMentioning,
  readPid,
  startDetached,
  stopGroup,
  tailFile,
} from './processes';

describe('detached process groups', () => {
  it('stops a server and every child it forked, leaving nothing that names its home', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ls-proc-'));
    // A wrapper that forks a child, like a start script that launches a JVM.
    const script = `sh -c 'sleep 300; : ${home}' & echo started; sleep 301; : ${home}`;
    const pid = startDetached(
      { command: 'sh', args: ['-c', script] },
      join(home, 'x.log'),
      join(home, 'x.pid'),
    );
    expect(readPid(join(home, 'x.pid'))).toBe(pid);
    await waitFor(async () => (await tailFile(join(home, 'x.log'))).includes('started'), {
      what: 'the wrapper to start',
      timeoutMs: 5000,
    });
    await waitFor(() => processesMentioning(home).length === 2, {
      what: 'wrapper and child',
      timeoutMs: 5000,
    });
    expect(processesMentioning(home).map((p) => p.pid)).toContain(pid);

    expect(await stopGroup(pid, 5000)).toBe('stopped');
    expect(isAlive(pid)).toBe(false);
    await waitFor(() => processesMentioning(home).length === 0, { what: 'no process left', timeoutMs: 5000 });
  });

  it('kills a process that ignores SIGTERM once the grace period ends', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ls-proc-'));
    const pid = startDetached(
      { command: 'sh', args: ['-c', `trap '' TERM; echo ready; while :; do sleep 1; done; : ${home}`] },
      join(home, 'x.log'),
      join(home, 'x.pid'),
    );
    await waitFor(async () => (await tailFile(join(home, 'x.log'))).includes('ready'), {
      what: 'the stubborn process to start',
      timeoutMs: 5000,
    });
    expect(await stopGroup(pid, 300)).toBe('killed');
    expect(isAlive(pid)).toBe(false);
  });
});

describe('portIsFree', () => {
  it('tells a bound port from a free one', async () => {
    const { createServer } = await import('node:net');
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    expect(await portIsFree(port)).toBe(false);
    await new Promise((resolve) => server.close(resolve));
    expect(await portIsFree(port)).toBe(true);
  });
});
