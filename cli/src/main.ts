#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import {
  allHealthy,
  ConfigError,
  lineReporter,
  loadStackConfig,
  logFile,
  measureCdcFlow,
  type PartName,
  partNames,
  renderCdcSummary,
  renderStatus,
  stackDown,
  stackParts,
  stackStatus,
  stackUp,
  waitForSnapshot,
} from '@lakestream/stack';
import { benchCommand } from './bench/bench-command';
import { type LakeCommand, lakeCommand, lakeCommands, lakeUsage } from './lake/command';
import { withKafkaAdmin } from './ops/admin';
import { lagCommand } from './ops/lag-command';
import { replayCommand } from './ops/replay-command';
import { pipelineRun } from './pipeline/daemon';
import { downCommand, statusCommand, upCommand } from './pipeline/up-command';
import { simulateUsage, upSimulateRate } from './simulate/args';
import { simulateCommand } from './simulate/command';
import { topicsCommand, topicsUsage } from './topics/command';

// This machine kind ships Node 20; the SDK's notice about future releases needing Node 22 is
// recorded in docs/decisions and would otherwise interleave with every progress line.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const usage = `usage: lakestream up [--detach] [--rate <changes/s> | --no-simulate] | down [--purge] | status [--watch]
       lakestream stack up | down [--purge] | status | logs <part> [--follow] [--lines N]
       ${topicsUsage}
       lakestream bench [--only cdc-ingest,lake-sink,...] [--out <report.md>]
       lakestream lag [--group <g> ...] [--all]
       lakestream replay --group <g> --to <earliest | ISO time | topic:partition:offset ...> [--topic <t> ...] [--dry-run]
       ${simulateUsage}
       ${lakeUsage}
parts: ${partNames.join(', ')}`;

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      purge: { type: 'boolean', default: false },
      follow: { type: 'boolean', short: 'f', default: false },
      lines: { type: 'string', short: 'n', default: '100' },
      'dry-run': { type: 'boolean', default: false },
      prune: { type: 'boolean', default: false },
      env: { type: 'string' },
      catalog: { type: 'string' },
      group: { type: 'string', multiple: true },
      topic: { type: 'string', multiple: true },
      to: { type: 'string' },
      all: { type: 'boolean', default: false },
      detach: { type: 'boolean', default: false },
      'no-simulate': { type: 'boolean', default: false },
      watch: { type: 'boolean', short: 'w', default: false },
      rate: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
      duration: { type: 'string' },
      changes: { type: 'string' },
      tenants: { type: 'string' },
      seed: { type: 'string' },
      connections: { type: 'string' },
      'as-of': { type: 'string' },
      format: { type: 'string' },
      tenant: { type: 'string' },
      'retain-all': { type: 'string' },
      'retain-daily': { type: 'string' },
      'retain-monthly': { type: 'string' },
      'target-file-size': { type: 'string' },
      'older-than': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [group, command, arg] = positionals;
  if (group === 'topics' && !values.help) {
    const { 'dry-run': dryRun, prune, env, catalog } = values;
    return topicsCommand(command, { dryRun, prune, env, catalog }, out, err);
  }
  if (!values.help && (group === 'up' || group === 'down' || group === 'status' || group === 'pipeline')) {
    const config = loadStackConfig();
    if (group === 'up') {
      const simulateRate = values['no-simulate'] ? undefined : Number(values.rate ?? upSimulateRate);
      if (simulateRate !== undefined && !(simulateRate > 0)) {
        err(`--rate takes the simulator's changes per second above 0 (or --no-simulate), not ${values.rate}`);
        return 2;
      }
      return upCommand(config, { detach: values.detach, simulateRate }, out, err);
    }
    if (group === 'down') return downCommand(config, { purge: values.purge }, out);
    if (group === 'status') return statusCommand(config, { watch: values.watch }, out);
    if (command === 'run') {
      const rate = values.rate === undefined ? undefined : Number(values.rate);
      if (rate !== undefined && !(rate > 0)) {
        err(`--rate takes a number of changes per second above 0, not ${values.rate}`);
        return 2;
      }
      return pipelineRun(config, rate === undefined ? {} : { simulateRate: rate });
    }
  }
  if (group === 'bench' && !values.help) {
    const only = (values.only ?? '').split(',').filter(Boolean);
    return benchCommand(values.out === undefined ? { only } : { only, out: values.out }, out);
  }
  if (group === 'lag' && !values.help) {
    return withKafkaAdmin((admin) => lagCommand(admin, { groups: values.group ?? [], all: values.all }, out));
  }
  if (group === 'replay' && !values.help) {
    const [only, ...more] = values.group ?? [];
    if (!only || more.length > 0 || !values.to) {
      err('replay needs exactly one --group and a --to');
      return 2;
    }
    const options = { group: only, to: values.to, topics: values.topic ?? [], dryRun: values['dry-run'] };
    return withKafkaAdmin((admin) => replayCommand(admin, options, out, err));
  }
  if (lakeCommands.includes(group as LakeCommand) && !values.help) {
    return lakeCommand(
      group as LakeCommand,
      {
        positionals: positionals.slice(1),
        asOf: values['as-of'],
        format: values.format,
        tenant: values.tenant,
        dryRun: values['dry-run'],
        retainAll: values['retain-all'],
        retainDaily: values['retain-daily'],
        retainMonthly: values['retain-monthly'],
        targetFileSize: values['target-file-size'],
        olderThan: values['older-than'],
      },
      loadStackConfig(),
      out,
      err,
    );
  }
  if (group === 'simulate' && !values.help) {
    const { rate, duration, changes, tenants, seed, connections } = values;
    return simulateCommand({ rate, duration, changes, tenants, seed, connections }, out);
  }
  if (values.help || group !== 'stack' || command === undefined) {
    (values.help ? out : err)(usage);
    return values.help ? 0 : 2;
  }
  const config = loadStackConfig();
  const parts = stackParts;
  switch (command) {
    case 'up': {
      await stackUp(config, parts, lineReporter(out));
      out(`\nstack home: ${config.home}\n`);
      const statuses = await stackStatus(config, parts);
      out(renderStatus(statuses));
      const flows = await waitForSnapshot(config, (line) => out(line));
      out(`\n${renderCdcSummary(config, flows)}`);
      return allHealthy(statuses) ? 0 : 1;
    }
    case 'down':
      await stackDown(config, parts, lineReporter(out), { purge: values.purge });
      if (values.purge) out(`removed ${config.home}`);
      return 0;
    case 'status': {
      const statuses = await stackStatus(config, parts);
      out(renderStatus(statuses));
      if (statuses.some((s) => s.part === 'connect' && s.state === 'healthy')) {
        out(`\n${renderCdcSummary(config, await measureCdcFlow(config))}`);
      }
      return allHealthy(statuses) ? 0 : 1;
    }
    case 'logs': {
      if (!partNames.includes(arg as PartName)) {
        err(`logs needs one of: ${partNames.join(', ')}`);
        return 2;
      }
      const lines = Number.parseInt(values.lines, 10);
      const args = ['-n', String(Number.isFinite(lines) ? lines : 100), ...(values.follow ? ['-F'] : [])];
      const child = spawn('tail', [...args, logFile(config.home, arg as PartName)], { stdio: 'inherit' });
      return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    }
    default:
      err(usage);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    err(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
