import { primaryKey, recordDecoder, TABLES, type Table } from '@lakestream/schemas';
import { registryUrls } from '@lakestream/stack';
import {
  changeEmissions,
  compareDynamo,
  compareLake,
  enrichedOnce,
  historyOnce,
  isClean,
  readTopic,
  type TableDiff,
} from './truth';
import type { PipelineWorld } from './world';

/**
 * Every comparison of the truth (the lake and DynamoDB against MariaDB, the history against the
 * changes topics), and for each wrong key a line on where it went: a failure names the stage. Also
 * how many changes the history holds, for a later run to count from without reading it again.
 */
export async function truthProblems(
  world: PipelineWorld,
  source: Parameters<typeof compareLake>[1],
  log: (line: string) => void,
) {
  const problems = (diffs: TableDiff[]) => diffs.filter((d) => !isClean(d));
  // Each comparison's time is logged: the truth is a large share of the e2e suites' time in CI.
  const timed = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await work();
    log(`${what} compared in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  const lake = await timed('lake', () => compareLake(world, source));
  const dynamo = await timed('DynamoDB', () => compareDynamo(world, source));
  // The changes topics are both the history's truth and the enricher's input: read them once.
  const changes = changeEmissions(world);
  const history = await timed('history', () => historyOnce(world, changes));
  const enriched = await timed('enriched', () => enrichedOnce(world, changes));
  log(
    `compared ${[...source.values()].reduce((n, t) => n + t.size, 0)} source rows; history ${history.reduce((n, d) => n + d.actual, 0)} changes; enriched ${enriched.diffs.reduce((n, d) => n + d.actual, 0)} changes once (${enriched.reemitted} re-emissions after late references)`,
  );
  const found = {
    lake: problems(lake),
    dynamo: problems(dynamo),
    history: problems(history),
    enriched: problems(enriched.diffs),
  };
  const wrong = [...found.lake, ...found.dynamo, ...found.history];
  if (wrong.length > 0) {
    const traced = await traceDiffs(world, wrong).catch((error: Error) => [`failed: ${error.message}`]);
    for (const line of traced) log(`trace ${line}`);
  }
  return { found, historyChanges: history.reduce((n, d) => n + d.actual, 0) };
}

/** Where each sampled wrong key of a failed comparison went, stage by stage; one line per key. */
export async function traceDiffs(world: PipelineWorld, diffs: readonly TableDiff[]): Promise<string[]> {
  const wanted = new Map<Table, Set<string>>();
  for (const d of diffs) {
    // `customers`, `customers_changes` or `dynamodb inventory` (whose keys lead with the tenant).
    const dynamo = d.table.startsWith('dynamodb ');
    const table = d.table.replace(/^dynamodb /, '').replace(/_changes$/, '') as Table;
    if (!TABLES.includes(table)) continue;
    const keys = wanted.get(table) ?? new Set<string>();
    for (const sample of [...d.missing, ...d.extra, ...d.different]) {
      // A history sample reads `key@ordinal`, a value sample `key: expected …`.
      const key = sample.split(/@|: /)[0] as string;
      keys.add(dynamo ? key.split('|').slice(1).join('|') : key);
    }
    wanted.set(table, keys);
  }
  const decoder = recordDecoder({ registryUrl: registryUrls(world.stack).confluent });
  const decode = async (value: Buffer) => {
    const decoded = decoder.decode(value);
    return (decoded instanceof Promise ? await decoded : decoded).value as Record<string, unknown>;
  };
  // Dead letters by the record they stand for, so a raw record that went there says so.
  const deadLetters = new Map<string, string>();
  for (const record of await readTopic(world, world.dlqTopic)) {
    const header = (name: string) => record.headers[`lakestream.dlq.${name}`]?.toString();
    deadLetters.set(
      `${header('source.topic')}:${header('source.partition')}:${header('source.offset')}`,
      `${header('stage')} ${header('code')}`,
    );
  }
  const lines: string[] = [];
  for (const [table, keys] of wanted) {
    const raw = new Map<string, string[]>([...keys].map((k) => [k, []]));
    for (const record of await readTopic(world, world.rawTopic(table))) {
      if (!record.value) continue;
      const envelope = await decode(record.value);
      const row = (envelope.after ?? envelope.before) as Record<string, unknown> | null;
      if (!row) continue;
      const key = primaryKey(table)
        .map((c) => String(row[c]))
        .join('|');
      const source = envelope.source as { snapshot?: unknown } | undefined;
      const dead = deadLetters.get(`${world.rawTopic(table)}:${record.partition}:${record.offset}`);
      raw
        .get(key)
        ?.push(
          `${envelope.op}@${record.partition}:${record.offset}(${String(source?.snapshot)})${dead ? ` dead-lettered ${dead}` : ''}`,
        );
    }
    const emitted = new Map<string, string[]>([...keys].map((k) => [k, []]));
    for (const record of await readTopic(world, world.changesTopic(table))) {
      if (!record.value || !emitted.has(record.key)) continue;
      const event = (await decode(record.value)) as { op: string };
      emitted.get(record.key)?.push(`${event.op}@${record.partition}:${record.offset}`);
    }
    for (const key of keys) {
      const r = raw.get(key) ?? [];
      const e = emitted.get(key) ?? [];
      lines.push(`${table} ${key}: raw [${r.join(' ') || 'none'}] changes [${e.join(' ') || 'none'}]`);
    }
  }
  return lines;
}
