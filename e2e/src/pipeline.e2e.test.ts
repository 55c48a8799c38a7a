import { applyReplay, liveMembers, parseReplayTarget, planReplay } from '@lakestream/kafka';
import { readDeadLetters } from '@lakestream/testkit';
import { injectPoison } from './poison';
import { truthProblems } from './trace';
import { compareDynamo, compareLake, historyOnce, isClean, sourceRows, type TableDiff } from './truth';
import { type PipelineWorld, pipelineWorld } from './world';

const CHANGES = Number(process.env.E2E_CHANGES ?? 100_000);
const RATE = Number(process.env.E2E_RATE ?? 3_000);
const log = (line: string) => process.stderr.write(`[e2e] ${line}\n`);
const problems = (diffs: TableDiff[]) => diffs.filter((d) => !isClean(d));

// A whole run: the simulation, then reading every table of the lake and of MariaDB.
jest.setTimeout(30 * 60_000);

/**
 * The whole pipeline as `lakestream up` runs it — MariaDB → Debezium → cdc-ingest → lake-sink and
 * the projector, every service its own process — on a simulated retailer's changes, with 1 % of
 * malformed records on the raw topics, then checked against the source of truth.
 */
describe('the whole pipeline, end to end', () => {
  let world: PipelineWorld;
  let injected = 0;
  /** The history's changes after the truth run, which the replay must leave as they are. */
  let historyChanges: number | undefined;
  const started = Date.now();

  beforeAll(async () => {
    world = await pipelineWorld({ log });
    world.pipeline.start();
    await world.ready();
    log(`pipeline ${world.id} ready after ${((Date.now() - started) / 1000).toFixed(0)} s`);
  });

  afterAll(async () => {
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await world?.close();
  });

  it(`truth: after ${CHANGES.toLocaleString('en-US')} simulated changes the lake and DynamoDB equal MariaDB, and the history holds each change once`, async () => {
    const stopPoison = new AbortController();
    const poison = injectPoison(world, RATE / 100, stopPoison.signal);
    const report = await world.simulate(CHANGES, RATE, 20261206);
    stopPoison.abort();
    injected = (await poison).total;
    log(
      `simulated ${report.changes} changes in ${(report.elapsedMs / 1000).toFixed(0)} s (${Math.round(report.rate)}/s), ${report.failed} failed; injected ${injected} poison records`,
    );
    expect(report.changes).toBeGreaterThanOrEqual(CHANGES);
    // A failed event rolled back (a lock wait under load, say): the truth compares what committed.
    if (report.failed > 0)
      log(`${report.failed} simulated events failed and rolled back, e.g. ${report.failures[0]}`);

    await world.caughtUp();
    const read = Date.now();
    const source = await sourceRows(world);
    log(`read MariaDB in ${((Date.now() - read) / 1000).toFixed(1)} s`);
    const truth = await truthProblems(world, source, log);
    historyChanges = truth.historyChanges;
    expect(truth.found).toEqual({ lake: [], dynamo: [], history: [], enriched: [] });
    // No process restarted: poison and load never stopped a consumer.
    expect(world.events.filter((e) => e.event === 'exited')).toEqual([]);
  });

  it('poison: every malformed record reached the DLQ with a reason, and nothing else did', async () => {
    expect(injected).toBeGreaterThan(0);
    const dead = await readDeadLetters(world.kafka, world.dlqTopic, injected);
    expect(dead).toHaveLength(injected);
    expect(
      dead.every((d) => (d.reason ?? '').length > 0 && d.code !== undefined && d.stage !== undefined),
    ).toBe(true);
    const codes = new Map<string, number>();
    for (const d of dead) codes.set(d.code as string, (codes.get(d.code as string) ?? 0) + 1);
    log(`dead letters by code: ${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')}`);
    expect([...codes.keys()].sort()).toEqual(
      [
        'AVRO_UNDECODABLE',
        'AVRO_UNKNOWN_SCHEMA_ID',
        'DECODE_NOT_JSON',
        'DECODE_UNKNOWN_ENVELOPE',
        'QUALITY_FORMAT',
      ].sort(),
    );
  });

  it('replay: the sinks replayed from the earliest record leave the lake and DynamoDB equal to MariaDB, nothing doubled', async () => {
    const historyBefore = historyChanges ?? (await historyOnce(world)).reduce((n, d) => n + d.actual, 0);
    for (const name of ['lake-sink', 'projector']) await world.pipeline.supervisor.pause(name);
    // What `lakestream replay --group <g> --to earliest` does (cli/src/ops/replay-command.ts).
    for (const group of [world.groups.lake, world.groups.projector]) {
      expect(await liveMembers(world.admin, group)).toEqual([]);
      const moves = await planReplay(world.admin, group, parseReplayTarget('earliest'));
      expect(moves.some((m) => (m.from ?? 0n) > m.to)).toBe(true);
      await applyReplay(world.admin, group, moves);
    }
    for (const name of ['lake-sink', 'projector']) world.pipeline.supervisor.resume(name);
    await world.ready();
    await world.caughtUp();
    const source = await sourceRows(world);
    expect(problems(await compareLake(world, source))).toEqual([]);
    expect(problems(await compareDynamo(world, source))).toEqual([]);
    const history = await historyOnce(world);
    expect(problems(history)).toEqual([]);
    // One more change since: the marker row caughtUp wrote.
    expect(history.reduce((n, d) => n + d.actual, 0)).toBe(historyBefore + 1);
  });
});
