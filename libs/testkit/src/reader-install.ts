import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadStackConfig } from '@lakestream/stack';
import { installOnce } from './install-once';
import type { InstalledReader, LakeReader } from './lake-readers';
import { spawnCollect, tail } from './spawn-collect';

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
  const dir = join(cache, `java-${digest(recipe, ['pom.xml', 'ReadTables.java', 'WriteTables.java'])}`);
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
      join(recipe, 'WriteTables.java'),
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

/** Runs an install step; a failure throws with the step's output tail. */
async function exec(command: string, args: string[]): Promise<void> {
  await spawnCollect(command, args, undefined, 20 * 60_000).then(({ code, stdout, stderr }) => {
    if (code !== 0) {
      throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${tail(`${stdout}\n${stderr}`)}`);
    }
  });
}
