import { randomUUID } from 'node:crypto';
import { connectKafka, groupLag } from '@lakestream/kafka';
import { silentLog } from '@lakestream/runtime';
import { TABLES } from '@lakestream/schemas';
import {
  localS3Client,
  observePipeline,
  type PipelineSnapshot,
  readPipelineState,
  renderLine,
  renderView,
  type StackConfig,
  sourceConnectionOptions,
  tailDeadLetters,
} from '@lakestream/stack';
import { s3Storage } from '@lakestream/storage';
import { createConnection } from 'mysql2/promise';
import { lakeTables } from './lake-tables';

const PIPELINE_GROUPS = /^lakestream-(cdc-ingest|lake-sink|inventory-projector|enricher)$/;

/** Where to look next, under the figures. */
export function hints(config: StackConfig): string[] {
  const state = readPipelineState(config);
  const ports = (state?.processes ?? []).flatMap((p) => (p.httpPort ? [String(p.httpPort)] : []));
  const home =
    process.env.HOME && config.home.startsWith(process.env.HOME)
      ? `~${config.home.slice(process.env.HOME.length)}`
      : config.home;
  return [
    `METRICS    http://${config.host}:{${ports.join(',')}}/metrics`,
    `PROMETHEUS http://${config.host}:${config.ports.prometheus}`,
    'COMMANDS   lakestream lag · lakestream replay · lakestream down',
    `LOGS       ${home}/logs/pipeline/<process>.log`,
  ];
}

/** A SKU of the demo tenant that has stock, for the request the view shows (and checks). */
async function exampleSku(config: StackConfig): Promise<string | undefined> {
  const db = await createConnection(sourceConnectionOptions(config));
  try {
    const [rows] = (await db.query(
      "SELECT sku FROM inventory WHERE tenant_id = 'acme' ORDER BY sku LIMIT 1",
    )) as unknown as [{ sku: string }[]];
    return rows[0]?.sku;
  } finally {
    await db.end();
  }
}

/**
 * The live view: every `intervalMs` a fresh look at the pipeline, drawn over the previous one on a
 * TTY, or one plain line per `lineEveryMs` when stdout is a pipe or a file. Runs until `signal`.
 */
export async function watchPipeline(
  config: StackConfig,
  out: NodeJS.WriteStream,
  signal: AbortSignal,
  options: { intervalMs?: number; lineEveryMs?: number } = {},
): Promise<void> {
  const kafka = connectKafka({
    brokers: [`${config.host}:${config.ports.kafka}`],
    clientId: 'lakestream-watch',
    log: silentLog,
  });
  const admin = kafka.admin();
  await admin.connect();
  const dlq = await tailDeadLetters(kafka, 'lakestream.dlq', `lakestream-watch-${randomUUID()}`).catch(
    () => undefined,
  );
  const storage = s3Storage(localS3Client(config), `s3://${config.s3.warehouseBucket}/lake`);
  const names = TABLES.flatMap((t) => [t, `${t}_changes`]);
  let sku: string | undefined;
  const deps = {
    admin,
    groups: async () =>
      (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => PIPELINE_GROUPS.test(g)),
    groupLag,
    deadLetters: () => dlq?.counts() ?? new Map<string, number>(),
    lake: () => lakeTables(storage, 'globalmart', names),
    example: async () => {
      sku ??= await exampleSku(config);
      return sku
        ? {
            url: `http://${config.host}:8080/v1/inventory/${encodeURIComponent(sku)}`,
            key: 'demo-key-acme-0001',
          }
        : undefined;
    },
  };
  const tty = out.isTTY === true;
  const interval = options.intervalMs ?? 2_000;
  const lineEvery = options.lineEveryMs ?? 10_000;
  let before: PipelineSnapshot | undefined;
  let lastLine = 0;
  try {
    while (!signal.aborted) {
      const now = await observePipeline(config, deps);
      if (tty) {
        const width = Math.max(60, Math.min(out.columns ?? 80, 120));
        out.write(`\x1b[H\x1b[2J${renderView(now, before, { width, hints: hints(config) }).join('\n')}\n`);
        before = now;
      } else if (now.at - lastLine >= lineEvery) {
        out.write(`${renderLine(now, before)}\n`);
        before = now;
        lastLine = now.at;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, interval);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  } finally {
    await dlq?.stop().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
