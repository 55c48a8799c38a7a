import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from '../config';
import { generateSeed, seedScript } from '../globalmart/seed';
import { repoRoot } from './context';

export const globalMartSchemaPath = join(repoRoot, 'db', 'globalmart', 'schema.sql');

/** The GlobalMart schema script for a database of another name (schema.sql names `globalmart`). */
export function globalMartSchemaScript(database: string): string {
  if (!/^[A-Za-z0-9_]{1,64}$/.test(database))
    throw new Error(`a GlobalMart database name is letters, digits and _ (at most 64): got '${database}'`);
  const script = readFileSync(globalMartSchemaPath, 'utf8');
  const named = script
    .replace(/^CREATE DATABASE IF NOT EXISTS globalmart /m, `CREATE DATABASE IF NOT EXISTS \`${database}\` `)
    .replace(/^USE globalmart;$/m, `USE \`${database}\`;`);
  if (named.split(`\`${database}\``).length !== 3)
    throw new Error(`${globalMartSchemaPath} no longer starts with CREATE DATABASE and USE of globalmart`);
  return named;
}

/**
 * Creates and seeds the GlobalMart source database when the server does not have it yet, before
 * Debezium starts, so its first snapshot captures the seed. An existing database is never touched.
 */
export async function seedSourceIfAbsent(
  config: StackConfig,
  sql: (script: string) => Promise<string>,
  progress: (message: string) => void,
): Promise<void> {
  const { database } = config.mariadb;
  const present = await sql(
    `SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '${database}'`,
  );
  if (present.trim() !== '0') return;
  progress(`creating the ${database} schema`);
  await sql(globalMartSchemaScript(database));
  const plan = generateSeed(config.seed);
  const rows = Object.values(plan.counts).reduce((n, c) => n + c, 0);
  progress(`seeding ${database}: ${rows} rows in ${plan.tables.length} tables (scale ${config.seed.scale})`);
  await sql(seedScript(plan, { database }));
}
