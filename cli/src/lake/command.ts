import { identifierText, type TableIdentifier } from '@lakestream/iceberg';
import {
  type AsOf,
  checkPolicy,
  compactTable,
  DEFAULT_RETENTION,
  defaultCompactionPolicy,
  expireSnapshots,
  featuresAsOf,
  LakeError,
  openLakeSession,
  parseAsOf,
  parseDuration,
  removeOrphans,
  snapshotLines,
} from '@lakestream/lake';
import { ConfigError, renderTable, type StackConfig } from '@lakestream/stack';
import { type LakeContext, lakeContext, tableIdentifier } from './context';
import { type Format, formats, renderResult } from './render';

export const lakeUsage = `lakestream sql "<query>" [--as-of <ISO time | snapshot id>] [--format table|csv|json]
       lakestream features <entity> --as-of <ISO time> [--tenant <t>] [--format table|csv|json]
       lakestream snapshots <table>
       lakestream expire [<table> ...] [--retain-all 7d] [--retain-daily 90d] [--retain-monthly 730d] [--dry-run]
       lakestream compact <table> [--target-file-size <MiB>] [--dry-run]
       lakestream orphans [<table> ...] --older-than <duration> [--dry-run]
       (lake: LAKESTREAM_WAREHOUSE, S3_ENDPOINT, LAKESTREAM_CATALOG=file|glue; default the local stack's s3://<bucket>/lake)`;

export const lakeCommands = ['sql', 'features', 'snapshots', 'expire', 'compact', 'orphans'] as const;
export type LakeCommand = (typeof lakeCommands)[number];

export interface LakeArgs {
  positionals: string[];
  asOf?: string;
  format?: string;
  tenant?: string;
  dryRun: boolean;
  retainAll?: string;
  retainDaily?: string;
  retainMonthly?: string;
  targetFileSize?: string;
  olderThan?: string;
}

type Out = (line: string) => void;

const formatOf = (text: string | undefined): Format => {
  const format = (text ?? 'table') as Format;
  if (!formats.includes(format))
    throw new ConfigError([`--format: expected ${formats.join(', ')}, not ${text}`]);
  return format;
};

const when = (ms: number) => new Date(ms).toISOString();

async function tablesOf(context: LakeContext, names: readonly string[]): Promise<TableIdentifier[]> {
  return names.length > 0 ? names.map((n) => tableIdentifier(n)) : context.catalog.listTables();
}

export async function lakeCommand(
  command: LakeCommand,
  args: LakeArgs,
  stack: StackConfig,
  out: Out,
  err: Out,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const context = lakeContext(stack, env);
  const progress = (line: string) => err(line);
  try {
    return await run(command, args, context, out, progress);
  } catch (error) {
    if (error instanceof LakeError) {
      err(`${command}: ${error.message}`);
      return error.code === 'LAKE_QUERY_FAILED' || error.code === 'LAKE_NOT_FOUND' ? 1 : 2;
    }
    throw error;
  } finally {
    context.close();
  }
}

async function run(
  command: LakeCommand,
  args: LakeArgs,
  context: LakeContext,
  out: Out,
  progress: Out,
): Promise<number> {
  const [first, ...rest] = args.positionals;
  switch (command) {
    case 'sql': {
      if (!first || rest.length > 0) throw new ConfigError(['sql takes one query, quoted']);
      const format = formatOf(args.format);
      const asOf: AsOf | undefined = args.asOf === undefined ? undefined : parseAsOf(args.asOf);
      const session = await openLakeSession({
        catalog: context.catalog,
        cache: context.cache,
        ...(asOf ? { asOf } : {}),
        ...(context.s3 ? { s3: context.s3 } : {}),
        progress,
      });
      try {
        if (asOf)
          progress(
            `as of ${session.time === undefined ? '-' : when(session.time)}: ${session.views.map((v) => `${v.name}@${v.snapshotId ?? 'empty'}`).join(', ')}`,
          );
        out(renderResult(await session.query(first), format));
      } finally {
        session.close();
      }
      return 0;
    }
    case 'features': {
      if (!first || rest.length > 0)
        throw new ConfigError(['features takes one entity (orders, customers, …)']);
      if (!args.asOf) throw new ConfigError(['features needs --as-of <ISO time>']);
      const asOf = parseAsOf(args.asOf);
      if (asOf.kind !== 'time') throw new ConfigError(['features --as-of takes a time, not a snapshot id']);
      const entity = tableIdentifier(first);
      const result = await featuresAsOf({
        catalog: context.catalog,
        cache: context.cache,
        ...(context.s3 ? { s3: context.s3 } : {}),
        namespace: entity.namespace.join('.'),
        entity: entity.name,
        asOfMs: asOf.ms,
        ...(args.tenant === undefined ? {} : { tenant: args.tenant }),
        progress,
      });
      out(renderResult(result, formatOf(args.format)));
      progress(`${result.rows.length} ${entity.name} as of ${when(asOf.ms)}`);
      return 0;
    }
    case 'snapshots': {
      if (!first || rest.length > 0) throw new ConfigError(['snapshots takes one table']);
      const identifier = tableIdentifier(first);
      const table = await context.catalog.loadTable(identifier);
      if (!table) throw new LakeError('LAKE_NOT_FOUND', `no table ${identifierText(identifier)}`);
      const lines = snapshotLines(table.metadata);
      out(
        renderTable(
          [
            'TIME',
            'SNAPSHOT',
            'OPERATION',
            'ROWS ADDED',
            'ROWS DELETED',
            'FILES +DATA/+DELETES/-',
            'TOTAL DATA/DELETES',
            'SOURCE OFFSETS',
          ],
          lines.map((l) => [
            `${when(l.timestampMs)}${l.current ? ' *' : ''}`,
            l.id.toString(),
            l.operation,
            String(l.addedRows),
            String(l.deletedRows),
            `${l.addedDataFiles}/${l.addedDeleteFiles}/${l.removedFiles}`,
            `${l.totalDataFiles}/${l.totalDeleteFiles}`,
            l.sourceOffsets,
          ]),
        ),
      );
      return 0;
    }
    case 'expire': {
      const policy = checkPolicy({
        allMs: args.retainAll ? parseDuration(args.retainAll, '--retain-all') : DEFAULT_RETENTION.allMs,
        dailyMs: args.retainDaily
          ? parseDuration(args.retainDaily, '--retain-daily')
          : DEFAULT_RETENTION.dailyMs,
        monthlyMs: args.retainMonthly
          ? parseDuration(args.retainMonthly, '--retain-monthly')
          : DEFAULT_RETENTION.monthlyMs,
      });
      const rows: string[][] = [];
      for (const identifier of await tablesOf(context, args.positionals)) {
        const report = await expireSnapshots({
          catalog: context.catalog,
          storage: context.storage,
          identifier,
          policy,
          now: Date.now(),
          dryRun: args.dryRun,
          progress,
        });
        rows.push([
          report.table,
          String(report.snapshotsBefore),
          String(report.expired.length),
          String(report.snapshotsBefore - report.expired.length),
          String(report.filesDeleted),
        ]);
      }
      out(
        renderTable(
          [
            'TABLE',
            'SNAPSHOTS',
            args.dryRun ? 'WOULD EXPIRE' : 'EXPIRED',
            'KEPT',
            args.dryRun ? 'FILES TO DELETE' : 'FILES DELETED',
          ],
          rows,
        ),
      );
      return 0;
    }
    case 'compact': {
      if (!first || rest.length > 0) throw new ConfigError(['compact takes one table']);
      const mib = args.targetFileSize === undefined ? 128 : Number(args.targetFileSize);
      if (!(mib > 0))
        throw new ConfigError([`--target-file-size: expected MiB above 0, not ${args.targetFileSize}`]);
      const report = await compactTable({
        catalog: context.catalog,
        storage: context.storage,
        identifier: tableIdentifier(first),
        policy: defaultCompactionPolicy(Math.round(mib * 1024 * 1024)),
        dryRun: args.dryRun,
        progress,
      });
      const groups = report.plan.partitions.reduce((n, p) => n + p.groups.length, 0);
      out(
        renderTable(
          [
            'TABLE',
            'DATA FILES IN',
            'DELETE FILES IN',
            'FILES OUT',
            'ROWS IN',
            'ROWS OUT',
            'DELETES CARRIED',
            'SNAPSHOT',
            'SECONDS',
          ],
          [
            [
              report.table,
              String(report.plan.dataFiles),
              String(report.plan.deleteFiles),
              String(args.dryRun ? groups : report.filesWritten),
              String(report.rowsIn || '-'),
              String(report.rowsOut || '-'),
              String(report.deletesCarried),
              report.snapshotId?.toString() ?? (args.dryRun ? 'dry run' : '-'),
              report.seconds.toFixed(1),
            ],
          ],
        ),
      );
      return 0;
    }
    case 'orphans': {
      if (!args.olderThan)
        throw new ConfigError([
          'orphans needs --older-than <duration> (3d is a safe choice under a running sink)',
        ]);
      const olderThanMs = parseDuration(args.olderThan, '--older-than');
      const rows: string[][] = [];
      for (const identifier of await tablesOf(context, args.positionals)) {
        const report = await removeOrphans({
          catalog: context.catalog,
          storage: context.storage,
          identifier,
          olderThanMs,
          now: Date.now(),
          dryRun: args.dryRun,
          progress,
        });
        for (const o of report.orphans)
          progress(
            `${args.dryRun ? 'would remove' : 'removed'} ${o.location} (${o.size} B, ${when(o.modifiedMs)})`,
          );
        rows.push([
          report.table,
          String(report.scanned),
          String(report.orphans.length),
          String(report.orphans.reduce((n, o) => n + o.size, 0)),
          String(report.tooYoung),
        ]);
      }
      out(
        renderTable(
          [
            'TABLE',
            'FILES',
            args.dryRun ? 'ORPHANS (DRY RUN)' : 'ORPHANS REMOVED',
            'BYTES',
            'UNREFERENCED BUT YOUNGER',
          ],
          rows,
        ),
      );
      return 0;
    }
  }
}
