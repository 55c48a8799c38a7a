import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandError, ensureCached, run } from './install';

describe('ensureCached', () => {
  const root = () => mkdtempSync(join(tmpdir(), 'ls-cache-'));

  it('builds once and skips the build the second time', async () => {
    const dir = join(root(), 'part-1.0');
    let builds = 0;
    const build = async (tmp: string) => {
      builds += 1;
      writeFileSync(join(tmp, 'artifact'), 'x');
    };
    await ensureCached(dir, () => undefined, 'part', build);
    await ensureCached(dir, () => undefined, 'part', build);
    expect(builds).toBe(1);
    expect(existsSync(join(dir, 'artifact'))).toBe(true);
  });

  it('leaves nothing behind when the build fails, so the next run retries', async () => {
    const parent = root();
    const dir = join(parent, 'part-1.0');
    await expect(
      ensureCached(
        dir,
        () => undefined,
        'part',
        async (tmp) => {
          writeFileSync(join(tmp, 'half'), 'x');
          throw new Error('network down');
        },
      ),
    ).rejects.toThrow('network down');
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('run', () => {
  it('returns output and throws with the tail on a non-zero exit', async () => {
    await expect(run('sh', ['-c', 'echo hello'])).resolves.toBe('hello\n');
    await expect(run('sh', ['-c', 'echo broken >&2; exit 3'])).rejects.toEqual(
      expect.objectContaining({ exitCode: 3, output: 'broken\n' }),
    );
    await expect(run('sh', ['-c', 'exit 1'])).rejects.toBeInstanceOf(CommandError);
  });
});
