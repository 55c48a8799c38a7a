import { committedOffsets, liveMembers, readToEnd } from '@lakestream/kafka';
import type { StructuredLog } from '@lakestream/runtime';
import { LINEAGE_HEADER, parseLineage } from '@lakestream/schemas';
import type { Admin, Kafka } from 'kafkajs';
import { entityTables } from '../entity-tables';
import type { TableWriterDeps, TopicOffsets } from '../lake/table-writer';
import { type EnrichedLineage, enricherBehind, type PartitionStart, startOn } from './plan';

// Moving an existing lake from `lakestream.changes.*` to `lakestream.enriched.*` with the sink stopped:
// each table gets, in one snapshot, the enriched offsets at which the changes it does not hold begin.
// The sink then resumes from those offsets as from any of its own (docs/decisions/0005).

export interface CutoverOptions {
  /** The prefix the tables were fed from (the changes topics). */
  fromPrefix: string;
  /** The prefix they are fed from next (the enriched topics): the sink's INPUT_TOPIC_PREFIX. */
  toPrefix: string;
  entities: readonly string[];
  namespace: string;
  sinkGroup: string;
  enricherGroup: string;
  /** How long to wait for the enricher to reach what the tables hold. */
  waitMs: number;
  dryRun: boolean;
}

export interface CutoverDeps extends Omit<TableWriterDeps, 'onConflict'> {
  kafka: Kafka;
  admin: Admin;
  log: StructuredLog;
  /** Waits between two looks at the enricher's progress (a timer in production). */
  pause: (ms: number) => Promise<void>;
}

export interface TableCutover {
  table: string;
  from: string;
  to: string;
  /** moved: offsets written; ready: would be written (dry run); already: the table reads `to`; empty: no snapshot yet. */
  outcome: 'moved' | 'ready' | 'already' | 'empty';
  starts: Map<number, PartitionStart>;
}

export async function cutOver(deps: CutoverDeps, options: CutoverOptions): Promise<TableCutover[]> {
  const members = await liveMembers(deps.admin, options.sinkGroup);
  if (members.length > 0)
    throw new Error(
      `the lake sink's group ${options.sinkGroup} has ${members.length} live member(s) (${members.join(', ')}): stop the sink first, then cut over`,
    );
  const entities = entityTables(
    {
      ENTITIES: [...options.entities],
      INPUT_TOPIC_PREFIX: options.toPrefix,
      LAKE_NAMESPACE: options.namespace,
    },
    { ...deps, onConflict: () => undefined },
  );
  const results: TableCutover[] = [];
  for (const { entity, topic: to, writers } of entities.values()) {
    const from = `${options.fromPrefix}${entity}`;
    const pending: { writer: (typeof writers)[number]; held: TopicOffsets }[] = [];
    for (const writer of writers) {
      await writer.open();
      const outcome = writer.offsets.size > 0 ? 'already' : !writer.hasSnapshot ? 'empty' : undefined;
      if (outcome) results.push({ table: writer.name.name, from, to, outcome, starts: new Map() });
      else pending.push({ writer, held: writer.offsetsOn(from) });
    }
    if (pending.length === 0) continue;

    await waitForEnricher(deps, options, from, pending);
    const lineage = await enrichedLineage(deps, to, options);
    for (const { writer, held } of pending) {
      const starts = new Map(
        [...lineage.ends].map(([partition, end]) => [
          partition,
          startOn(from, held, lineage.records.get(partition) ?? [], end),
        ]),
      );
      if (!options.dryRun) {
        for (const [partition, { start }] of starts) if (start > 0n) writer.pass(partition, start - 1n);
        await writer.flush();
      }
      const outcome = options.dryRun ? 'ready' : 'moved';
      results.push({ table: writer.name.name, from, to, outcome, starts });
      deps.log.info(
        {
          event: 'cutover_table',
          table: writer.name.name,
          from,
          to,
          outcome,
          starts: Object.fromEntries([...starts].map(([p, s]) => [p, String(s.start)])),
          held: [...starts.values()].reduce((n, s) => n + s.held, 0),
          after: [...starts.values()].reduce((n, s) => n + s.after, 0),
        },
        `${writer.name.name}: reads ${to} from where ${from} left off`,
      );
    }
  }
  return results;
}

/** Waits (with a deadline, showing progress) until the enricher has enriched what every table holds. */
async function waitForEnricher(
  deps: CutoverDeps,
  options: CutoverOptions,
  from: string,
  tables: readonly { held: TopicOffsets }[],
) {
  const held: TopicOffsets = new Map();
  for (const t of tables) for (const [p, o] of t.held) if (o > (held.get(p) ?? 0n)) held.set(p, o);
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const enricher =
      (await committedOffsets(deps.admin, options.enricherGroup, [from])).get(from) ?? new Map();
    const behind = enricherBehind(held, enricher);
    if (behind.length === 0) return;
    const detail = behind.map((b) => `${b.partition}: ${b.enricher ?? 'none'} < ${b.table}`).join(', ');
    if (Date.now() >= deadline)
      throw new Error(
        `the enricher (group ${options.enricherGroup}) has not read ${from} as far as the lake holds (${detail}) after ${options.waitMs} ms: is it running?`,
      );
    deps.log.info(
      { event: 'cutover_waiting', topic: from, behind: detail },
      'waiting for the enricher to catch up',
    );
    await deps.pause(2_000);
  }
}

/** The enriched topic's records, as lineage, per partition in offset order, and the partition ends. */
async function enrichedLineage(deps: CutoverDeps, topic: string, options: CutoverOptions) {
  const records = new Map<number, EnrichedLineage[]>();
  const ends = await readToEnd(
    deps.kafka,
    deps.admin,
    topic,
    (partition, message) => {
      const header = message.headers?.[LINEAGE_HEADER];
      const text = Array.isArray(header) ? header[0]?.toString() : header?.toString();
      const list = records.get(partition) ?? [];
      const source = parseLineage(text);
      list.push({ offset: BigInt(message.offset), ...(source ? { source } : {}) });
      records.set(partition, list);
    },
    {
      groupId: `${options.sinkGroup}-cutover-${Date.now().toString(36)}`,
      timeoutMs: Math.max(options.waitMs, 60_000),
      onProgress: (read, total) =>
        deps.log.info(
          { event: 'cutover_reading', topic, read, total: Number(total) },
          'reading the enriched topic',
        ),
    },
  );
  return { records, ends };
}
