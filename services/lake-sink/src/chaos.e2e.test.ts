import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRowSchema } from '@lakestream/schemas';
import { debeziumTopic, loadStackConfig, uniqueName, waitFor } from '@lakestream/stack';
import { killLoop, pause, spawnService } from '@lakestream/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { canonicalRow, projectRows } from './testing/canonical';
import { startGroupAtEnd } from './testing/group-offsets';
import { privateLake } from './testing/harness';
import {
  changeId,
  duplicates,
  idsDiff,
  lakeCheck,
  NO_IDS_DIFF,
  READERS,
  rowsDiff,
  sameRows,
  type TableRead,
} from './testing/lake-check';
import { prng } from './testing/order-stream';
import { describeSinkState, sinkLogState } from './testing/sink-log';
import { sourceDb } from './testing/source-db';
import { type SourceTable, sourceWorkload } from './testing/source-workload';
import { type TopicTail, tailTopic } from './testing/topic-tail';

const stack = loadStackConfig();
const TABLES: readonly SourceTable[] = ['customers', 'orders'];
const CHANGES = 50_000;
/** Changes a second written to MariaDB: the flow lasts ~25 s, through every kill. */
const RATE = 2_000;
const KILLS = 6;
const began = Date.now();
const log = (line: string) =>
  process.stderr.write(`[chaos] ${((Date.now() - began) / 1000).toFixed(1)} s ${line}\n`);

describe('lake sink SIGKILLed again and again, fed from MariaDB through Debezium and cdc-ingest', () => {
  it('holds every change exactly once and the current state equal to the source, row for row', async () => {
    const id = uniqueName('chaos'); // also the tenant: every source row of this test is its own
    const seed = Date.now() % 1_000_000;
    const random = prng(seed);
    const dir = mkdtempSync(join(tmpdir(), 'lake-sink-chaos-'));
    log(`tenant ${id}, seed ${seed}, logs in ${dir}`);
    const lake = privateLake(id, stack, TABLES);
    const check = lakeCheck(lake, stack);
    const kafka = new Kafka({ clientId: id, brokers: [lake.env.KAFKA_BROKERS], logLevel: logLevel.NOTHING });
    await lake.createTopics(3);
    log('topics created');

    // A private cdc-ingest from the raw topics' current end: what is written from now on flows,
    // not the seed and every earlier test's changes again.
    const ingestGroup = `${id}-ingest`;
    await startGroupAtEnd(
      kafka,
      ingestGroup,
      TABLES.map((t) => debeziumTopic(stack, t)),
    );
    log('cdc-ingest group set to the end of the raw topics');
    const ingest = spawnService(
      'services/cdc-ingest/dist/main.js',
      {
        KAFKA_BROKERS: lake.env.KAFKA_BROKERS,
        SCHEMA_REGISTRY_URL: lake.env.SCHEMA_REGISTRY_URL,
        SOURCE_TOPIC_PATTERN: `^globalmart\\.globalmart\\.(${TABLES.join('|')})$`,
        GROUP_ID: ingestGroup,
        CHANGES_TOPIC_PREFIX: lake.env.INPUT_TOPIC_PREFIX,
        DLQ_TOPIC: `${id}.dlq`,
        HTTP_PORT: '0',
        LOG_LEVEL: 'warn',
      },
      join(dir, 'cdc-ingest.log'),
    );
    const tailList = await Promise.all(TABLES.map((t) => tailTopic(kafka, lake.topic(t))));
    const tail = (table: SourceTable) => tailList[TABLES.indexOf(table)] as TopicTail;
    log('tails following');
    const db = await sourceDb(stack);
    log('topics, cdc-ingest, tails and MariaDB ready');

    // The sink as its own process, committing every second so kills land inside and between commits.
    // Each incarnation joins a group of its own: the tables' offsets, not the group's, say where to
    // resume, and a killed member would otherwise hold its partitions until its 30 s session expires.
    const sinkLog = (n: number) => join(dir, `lake-sink-${n}.log`);
    const committed = async () => {
      const parts: string[] = [];
      for (const table of TABLES) {
        for (const name of [`${table}_changes`, table]) {
          const offsets = await check.offsets(table, name);
          parts.push(`${name} ${[...offsets.values()].reduce((a, b) => a + b, 0n)}`);
        }
      }
      return `tables through offsets ${parts.join(', ')}`;
    };
    let chaos: ReturnType<typeof killLoop> | undefined;
    let sourceDone = false;
    const startChaos = () =>
      killLoop({
        spawn: (n) =>
          spawnService(
            'services/lake-sink/dist/main.js',
            {
              ...lake.env,
              GROUP_ID: `${id}-sink-${n}`,
              COMMIT_INTERVAL_SECONDS: '1',
              STATE_DIR: join(dir, 'state'),
              // Commits of bounded size too: a restarted sink's first commit would otherwise hold its
              // whole backlog and take longer than it lives (~6 s for 60k rows on two cores).
              COMMIT_MAX_ROWS: '4000',
              INDEX_CHECKPOINT_SECONDS: '2',
              LOG_LEVEL: 'info',
            },
            sinkLog(n),
          ),
        kills: KILLS,
        // Odd kills strike at a random moment of a lifetime of 1.5-6 s (start-up, resync, the first
        // commit or after it); even ones at a random moment within 1.5 s after the incarnation's first
        // commit, so successors resume from snapshots a killed process wrote (once the source is
        // done, an incarnation may have nothing left to commit: then it is struck all the same).
        strike: async (n) => {
          if (n % 2 === 0) return pause(1500 + random() * 4500);
          await waitFor(() => sinkLogState(sinkLog(n)).commits > 0 || sourceDone, {
            what: `sink incarnation ${n} to commit`,
            timeoutMs: 60_000,
            intervalMs: 50,
          });
          await pause(random() * 1500);
        },
        note: async (n) => {
          return `${describeSinkState(sinkLogState(sinkLog(n)))}; ${await committed()}`;
        },
        log,
      });

    try {
      const market = await db.market();
      // A warehouse id the quality rules accept (upper case): the row stays in the shared GlobalMart
      // database, and a later whole-pipeline truth check expects every row there in the lake.
      const warehouseId = `${id.toUpperCase()}-WH`;
      const workload = sourceWorkload({
        tenant: id,
        base: Date.now() * 1000, // above every seeded id and every earlier run's
        market,
        warehouseId,
        seed,
        changes: CHANGES,
        transaction: { min: 20, max: 200 },
      });
      log(`workload: ${workload.transactions.length} transactions, ${JSON.stringify(workload.counts)}`);
      await db.createTenant(id, warehouseId, market);
      chaos = startChaos();
      const writing = Date.now();
      let written = 0;
      for (const transaction of workload.transactions) {
        const [result] = (await db.run(transaction)) as unknown as [{ affectedRows?: number }[]];
        written += result.reduce((n, r) => n + (r.affectedRows ?? 0), 0);
        const ahead = written / RATE - (Date.now() - writing) / 1000;
        if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead * 1000)); // pacing
      }
      sourceDone = true;
      expect(written).toBe(CHANGES);
      log(`${CHANGES} changes committed in MariaDB`);

      // Everything of the tenant is on the private topics (cdc-ingest is exactly once: no more) ...
      const mine = (table: SourceTable) => {
        const [first, last] = workload.ids[table];
        return tail(table)
          .records()
          .filter((r) => Number(r.key) >= first && Number(r.key) <= last);
      };
      const expected = (table: SourceTable) =>
        Object.values(workload.counts[table]).reduce((a, b) => a + b, 0);
      await waitFor(() => TABLES.every((t) => mine(t).length >= expected(t)), {
        what: "the tenant's changes on the private topics",
        timeoutMs: 120_000,
        intervalMs: 500,
      });
      for (const table of TABLES)
        expect({ table, changes: mine(table).length }).toEqual({ table, changes: expected(table) });
      log('every change on the private topics');
      await chaos.done;
      log(`${KILLS} kills dealt; the last incarnation catches up`);

      // ... and the tables, written by a sink killed again and again, cover all of it.
      const last = new Map(TABLES.map((t) => [t, tail(t).highest()]));
      await waitFor(
        async () => {
          for (const table of TABLES)
            if (!(await check.covers(table, last.get(table) ?? new Map()))) return false;
          return true;
        },
        {
          what: 'the tables to cover every offset of the private topics',
          timeoutMs: 120_000,
          intervalMs: 500,
        },
      );
      log(`tables caught up; ${await committed()}`);
      await chaos.stop('SIGTERM');
      await ingest.stop('SIGTERM');
      expect({ sinkExits: chaos.ownExits(), ingestExit: ingest.exitedOnItsOwn() ?? null }).toEqual({
        sinkExits: [],
        ingestExit: null,
      });
      expect(chaos.moments.length).toBeGreaterThanOrEqual(5);

      // Every table in one request per reader: the two reader processes share the two cores.
      const reads = await check.read(
        TABLES.flatMap((entity) => [
          { entity, table: `${entity}_changes` },
          { entity, table: entity },
        ]),
      );
      log('tables read');
      for (const [i, table] of TABLES.entries()) {
        const history = reads[2 * i] as TableRead;
        const current = reads[2 * i + 1] as TableRead;
        // (a) One row per committed record of the topic, up to what the read snapshot covers.
        const topic = tail(table);
        await waitFor(
          () => [...history.offsets].every(([p, next]) => (topic.through().get(p) ?? 0n) >= next),
          { what: 'the tail to reach the offsets the tables cover', timeoutMs: 30_000 },
        );
        const topicIds = topic
          .records()
          .filter((r) => r.offset < (history.offsets.get(r.partition) ?? 0n))
          .map((r) => changeId(r.partition, r.offset));
        // (b) The tenant's current rows as MariaDB holds them, every column.
        const columns = loadRowSchema(table).fields.map((f) => f.name);
        const source = projectRows(
          (await db.rowsOf(table, id)).map((row) => canonicalRow(table, row)),
          columns,
          'id',
        );
        const counts = workload.counts[table];
        expect({ table, rows: source.length }).toEqual({ table, rows: counts.c - counts.d });
        log(`${table}: ${topicIds.length} changes on the topic, ${source.length} rows in MariaDB`);
        for (const reader of READERS) {
          const rows = history.rows[reader];
          const ids = rows.map((r) => changeId(r._kafka_partition, r._kafka_offset));
          expect({ reader, table, duplicates: duplicates(ids) }).toEqual({ reader, table, duplicates: [] });
          expect({ reader, table, ...idsDiff(ids, topicIds) }).toEqual({ reader, table, ...NO_IDS_DIFF });
          const ops: Record<string, number> = { c: 0, u: 0, d: 0 };
          for (const row of rows)
            if (row.tenant_id === id) ops[String(row._op)] = (ops[String(row._op)] ?? 0) + 1;
          expect({ reader, table, ops }).toEqual({ reader, table, ops: counts });
          const lakeRows = projectRows(
            current.rows[reader].filter((r) => r.tenant_id === id),
            columns,
            'id',
          );
          expect({ reader, table, ...rowsDiff(lakeRows, source, 'id') }).toEqual({
            reader,
            table,
            ...sameRows(source.length),
          });
        }
      }
      rmSync(dir, { recursive: true, force: true });
    } finally {
      await db.close();
      await chaos?.stop('SIGKILL');
      await ingest.stop('SIGKILL');
      await Promise.all(tailList.map((t) => t.stop()));
    }
  }, 300_000);
});
