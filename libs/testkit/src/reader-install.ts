import { join, resolve } from 'node:path';
import { loadStackConfig } from '@lakestream/stack';
import { installOnce, installStep, pythonRecipe, recipeDigest } from './install-once';
import type { InstalledReader, LakeReader } from './lake-readers';

export const readersDir = resolve(__dirname, '..', 'readers');

/** Installs (once per recipe) and returns how to start a reader. Safe across concurrent jest workers. */
export async function installLakeReader(reader: LakeReader): Promise<InstalledReader> {
  const cache = join(loadStackConfig().cache, 'readers');
  if (reader === 'pyiceberg') {
    const recipe = join(readersDir, 'python');
    // Only the pins name the venv: editing a script must not rebuild it; the scripts run from the repo.
    const { dir, python } = await pythonRecipe(cache, 'python', recipe, 'pyiceberg reader');
    return { reader, dir, command: python, args: [join(recipe, 'read_tables.py')] };
  }
  const recipe = join(readersDir, 'java');
  const dir = join(cache, `java-${recipeDigest(recipe, ['pom.xml', 'ReadTables.java', 'WriteTables.java'])}`);
  await installOnce(dir, 'Java Iceberg reader (Maven + javac, ~15 s)', async (tmp) => {
    await installStep('mvn', [
      '-q',
      '-B',
      '-f',
      join(recipe, 'pom.xml'),
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
      `-DoutputDirectory=${join(tmp, 'lib')}`,
      '-DincludeScope=runtime',
    ]);
    await installStep('javac', [
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
