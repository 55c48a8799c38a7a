import { existsSync, readFileSync } from 'node:fs';
import type { Admin, Kafka } from 'kafkajs';
import type { StackConfig } from '../config';
import { parseSamples, type Sample } from './prometheus-text';
import { type PipelineState, pipelineStateFile } from './runner';

/** A lake table's newest snapshot, as the live view shows it. */
export interface LakeTableView {
  table: string;
  /** Epoch ms of the current snapshot. */
  committedAt: number;
  records: number;
}

/** What the live view shows at one moment; two of them make the rates. */
export interface PipelineSnapshot {
  at: number;
  state: PipelineState | undefined;
  /** Per process: whether /readyz answered 200 (undefined: no answer at all). */
  ready: Map<string, boolean | undefined>;
  /** Per process: its /metrics, parsed. */
  metrics: Map<string, Sample[]>;
  /** Per consumer group of the pipeline: records behind, summed over partitions. */
  lag: Map<string, bigint>;
  /** Dead letters on the DLQ topic so far, by code. */
  deadLetters: ReadonlyMap<string, number>;
  lake: LakeTableView[];
  /** The example request and the status it got. */
  example: { url: string; key: string; status: number | undefined } | undefined;
}

export interface ObserveDeps {
  admin: Admin;
  /** Groups to report lag for (the pipeline's own). */
  groups: () => Promise<string[]>;
  groupLag: (admin: Admin, groups: readonly string[]) => Promise<{ group: string; lag: bigint }[]>;
  deadLetters: () => ReadonlyMap<string, number>;
  lake: () => Promise<LakeTableView[]>;
  example: () => Promise<{ url: string; key: string } | undefined>;
  fetch?: typeof fetch;
  now?: () => number;
}

export function readPipelineState(config: StackConfig): PipelineState | undefined {
  const file = pipelineStateFile(config);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PipelineState;
  } catch {
    return undefined; // written as we read: the next refresh gets it whole
  }
}

const quietly = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await work();
  } catch {
    return undefined;
  }
};

/** One look at everything the live view shows; each source that does not answer is left empty. */
export async function observePipeline(config: StackConfig, deps: ObserveDeps): Promise<PipelineSnapshot> {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const state = readPipelineState(config);
  const ready = new Map<string, boolean | undefined>();
  const metrics = new Map<string, Sample[]>();
  const timeout = () => AbortSignal.timeout(1_500);
  await Promise.all(
    (state?.processes ?? [])
      .filter((p) => p.httpPort !== undefined)
      .map(async (p) => {
        const base = `http://${config.host}:${p.httpPort}`;
        const readyz = await quietly(() => doFetch(`${base}/readyz`, { signal: timeout() }));
        ready.set(p.name, readyz ? readyz.ok : undefined);
        const text = await quietly(async () =>
          (await doFetch(`${base}/metrics`, { signal: timeout() })).text(),
        );
        if (text) metrics.set(p.name, parseSamples(text));
      }),
  );
  const groups = (await quietly(deps.groups)) ?? [];
  const lagRows = groups.length > 0 ? ((await quietly(() => deps.groupLag(deps.admin, groups))) ?? []) : [];
  const lag = new Map<string, bigint>();
  for (const row of lagRows) lag.set(row.group, (lag.get(row.group) ?? 0n) + row.lag);
  const lake = (await quietly(deps.lake)) ?? [];
  const target = await quietly(deps.example);
  const status = target
    ? (await quietly(() => doFetch(target.url, { headers: { 'x-api-key': target.key }, signal: timeout() })))
        ?.status
    : undefined;
  return {
    at: now(),
    state,
    ready,
    metrics,
    lag,
    deadLetters: deps.deadLetters(),
    lake,
    example: target ? { ...target, status } : undefined,
  };
}

/** Counts the DLQ topic's records by code from its beginning, as they come (a private, uncommitted group). */
export async function tailDeadLetters(kafka: Kafka, topic: string, groupId: string) {
  const counts = new Map<string, number>();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      const code = message.headers?.['lakestream.dlq.code']?.toString() ?? 'unknown';
      counts.set(code, (counts.get(code) ?? 0) + 1);
    },
  });
  return { counts: () => counts as ReadonlyMap<string, number>, stop: () => consumer.disconnect() };
}
