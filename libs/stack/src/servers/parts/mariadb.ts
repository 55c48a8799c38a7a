import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from '../../config';
import { partContext } from '../context';
import { requireBinary, run } from '../install';
import type { PartContext, StackPart } from '../part';
import { seedSourceIfAbsent } from '../source';

const socketPath = (ctx: PartContext) => join(ctx.stateDir, 'mariadb.sock');
const optionsPath = (ctx: PartContext) => join(ctx.stateDir, 'my.cnf');
const runningAsRoot = () => process.getuid?.() === 0;

/**
 * Row-based binlog with full row images and full metadata: what Debezium needs to emit complete
 * before/after images and column names; GTIDs give every change a position that survives a
 * binlog rotation.
 */
function myCnf(ctx: PartContext): string {
  const { host, ports } = ctx.config;
  return [
    '[mariadbd]',
    `datadir=${join(ctx.stateDir, 'data')}`,
    `socket=${socketPath(ctx)}`,
    `port=${ports.mariadb}`,
    `bind-address=${host}`,
    `pid-file=${join(ctx.stateDir, 'mariadbd.pid')}`,
    `log-error=${join(ctx.stateDir, 'error.log')}`,
    `log_bin=${join(ctx.stateDir, 'data', 'binlog')}`,
    'binlog_format=ROW',
    'binlog_row_image=FULL',
    'binlog_row_metadata=FULL',
    'server_id=1',
    'gtid_strict_mode=ON',
    'expire_logs_days=7',
    'skip-name-resolve',
    'character-set-server=utf8mb4',
    'collation-server=utf8mb4_unicode_ci',
    'innodb_buffer_pool_size=256M',
    'innodb_flush_log_at_trx_commit=2',
    'sync_binlog=0',
    '',
    '[client]',
    `socket=${socketPath(ctx)}`,
    '',
  ].join('\n');
}

/** Runs SQL as the server's root over the socket (root has no password and listens on loopback only). */
export function rootSql(ctx: PartContext, sql: string): Promise<string> {
  return run('mariadb', [`--defaults-file=${optionsPath(ctx)}`, '-uroot', '--batch', '--skip-column-names'], {
    input: sql,
  });
}

/**
 * SQL as root on the running stack's server, for a test that needs a database of its own beside
 * GlobalMart (the `lakestream` user may touch GlobalMart only): create it and grant it to that user.
 */
export function sourceRootSql(config: StackConfig, sql: string): Promise<string> {
  return rootSql(
    partContext(config, mariadbPart, () => undefined),
    sql,
  );
}

/** The configured source database, granted to the `lakestream` user, created and seeded if absent. */
async function provisionSource(ctx: PartContext): Promise<void> {
  await rootSql(ctx, grants(ctx.config));
  await seedSourceIfAbsent(ctx.config, (script) => rootSql(ctx, script), ctx.progress);
}

/**
 * A GlobalMart database of its own on the running stack's server (the `mariadb.database` of
 * `config`), seeded at `config.seed`: a pipeline whose connector snapshots it reads only its own
 * rows, not every row earlier runs left in the stack's database.
 */
export function provisionSourceDatabase(config: StackConfig, progress: (message: string) => void) {
  return provisionSource(partContext(config, mariadbPart, progress));
}

function grants(config: StackConfig): string {
  const { user, password, database } = config.mariadb;
  // Debezium's needs: SELECT for the snapshot, RELOAD/LOCK for its consistent read, REPLICATION
  // SLAVE to read the binlog, BINLOG MONITOR (MariaDB's name for REPLICATION CLIENT) for its position.
  return `
CREATE USER IF NOT EXISTS '${user}'@'%' IDENTIFIED BY '${password}';
GRANT ALL PRIVILEGES ON \`${database}\`.* TO '${user}'@'%';
CREATE USER IF NOT EXISTS 'debezium'@'%' IDENTIFIED BY 'debezium';
GRANT SELECT, RELOAD, SHOW DATABASES, LOCK TABLES, REPLICATION SLAVE, BINLOG MONITOR, REPLICA MONITOR ON *.* TO 'debezium'@'%';
FLUSH PRIVILEGES;
`;
}

export const mariadbPart: StackPart = {
  name: 'mariadb',
  version: '10.11',
  cacheKey: 'mariadb-debian',
  dependsOn: [],
  readyTimeoutMs: 30_000,
  ports: (config) => [config.ports.mariadb],
  address: (config) => `${config.host}:${config.ports.mariadb}`,

  async install() {
    await requireBinary('mariadbd', 'mariadb-server');
  },

  async prepare(ctx) {
    mkdirSync(ctx.stateDir, { recursive: true });
    writeFileSync(optionsPath(ctx), myCnf(ctx));
    if (existsSync(join(ctx.stateDir, 'data', 'mysql'))) return;
    ctx.progress('initialising data directory');
    await run('mariadb-install-db', [
      `--defaults-file=${optionsPath(ctx)}`,
      ...(runningAsRoot() ? ['--user=root'] : []),
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ]);
  },

  process: (ctx) => ({
    command: 'mariadbd',
    args: [`--defaults-file=${optionsPath(ctx)}`, ...(runningAsRoot() ? ['--user=root'] : [])],
  }),

  async probe(ctx) {
    await run('mariadb-admin', [`--defaults-file=${optionsPath(ctx)}`, '-uroot', 'ping']);
    return true;
  },

  provision: (ctx) => provisionSource(ctx),
};
