import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRowSchema } from '@lakestream/schemas';
import { loadStackConfig, uniqueName, waitFor } from '@lakestream/stack';
import { Kafka, logLevel } from 'kafkajs';
import type { LakeSinkService } from './service';
import { canonicalRow, projectRows, type TextRow } from './testing/canonical';
import { privateLake, type Row } from './testing/harness';
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
import { orderStream } from './testing/order-stream';
import { tailTopic } from './testing/topic-tail';

const stack = loadStackConfig();
const began = Date.now();
const log = (line: string) =>
  process.stderr.write(`[rebalance] ${((Date.now() - began) / 1000).toFixed(1)} s ${line}\n`);
const columns = loadRowSchema('orders').fields.map((f) => f.name);

describe('two lake sinks in one group', () => {
  const lake = privateLake(uniqueName('rebalance'), stack, ['orders']);
  const check = lakeCheck(lake, stack);
  const kafka = new Kafka({
    clientId: lake.id,
    brokers: [lake.env.KAFKA_BROKERS],
    logLevel: logLevel.NOTHING,
  });
  const stateDir = mkdtempSync(join(tmpdir(), 'lake-sink-rebalance-'));
  const sinks: LakeSinkService[] = [];

  beforeAll(() => lake.createTopics(6));
  afterAll(async () => {
    await Promise.all(sinks.map((s) => s.stop()));
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('write every change exactly once and the current state as the source holds it, across two rebalances mid-stream', async () => {
    const seed = Date.now() % 1_000_000;
    log(`seed ${seed}`);
    const stream = orderStream(seed, ['acme', 'beta']);
    const tail = await tailTopic(kafka, lake.topic('orders'));
    let produced = 0;
    let producing = true;
    const start = (name: string) =>
      lake.startSink({ COMMIT_INTERVAL_SECONDS: '1', STATE_DIR: stateDir }).then((sink) => {
        sinks.push(sink);
        log(`${name} started after ${produced} changes`);
        return sink;
      });

    // The source keeps writing all along: ~600 changes a second in batches over six partitions.
    const producer = (async () => {
      while (producing) {
        const batch = stream.take(100);
        await lake.produce('orders', batch);
        produced += batch.length;
        await new Promise((resolve) => setTimeout(resolve, 150)); // pacing, not synchronisation
      }
    })();
    /** Every partition's records up to now are in both tables. */
    const coveredNow = async (what: string, atLeast = 0) => {
      await waitFor(() => produced >= atLeast, { what: `${atLeast} changes produced`, timeoutMs: 30_000 });
      const target = produced;
      await waitFor(() => tail.count() >= target, {
        what: 'the tail to see what was produced',
        timeoutMs: 30_000,
      });
      const last = tail.highest();
      await waitFor(() => check.covers('orders', last), { what, timeoutMs: 60_000, intervalMs: 250 });
      log(`${what}: ${target} changes covered`);
    };

    try {
      const a = await start('A');
      await coveredNow('A alone', 1000);
      const b = await start('B');
      await waitFor(() => b.ready(), { what: 'B to join the group', timeoutMs: 30_000 });
      // Past what was produced once both hold partitions: B's share can only come from B.
      await coveredNow('A and B after the first rebalance', produced + 1000);
      await a.stop();
      log(`A stopped after ${produced} changes`);
      await coveredNow('B alone after the second rebalance', produced + 1000);
    } finally {
      producing = false;
      await producer;
    }
    log(`produced ${produced} changes`);
    await coveredNow('every change');
    await Promise.all([...sinks.map((s) => s.stop()), tail.stop()]);
    log('stopped');

    log('reading the tables');
    const [history, current] = (await check.read([
      { entity: 'orders', table: 'orders_changes' },
      { entity: 'orders', table: 'orders' },
    ])) as [TableRead, TableRead];
    // The tables were read after the last commit: they cover the whole topic and nothing else.
    log('read');
    const topicIds = tail.records().map((r) => changeId(r.partition, r.offset));
    expect(topicIds.length).toBe(produced);
    const historyColumns = ['_source_ordinal', '_op', '_key', ...columns];
    const expectedHistory = projectRows(
      stream.emitted().map(
        (e): TextRow => ({
          _source_ordinal: e.sourcePosition.ordinal,
          _op: e.op,
          _key: e.key,
          ...canonicalRow('orders', (e.op === 'd' ? e.before : e.after) as Row),
        }),
      ),
      historyColumns,
      '_source_ordinal',
    );
    const expectedCurrent = projectRows(
      stream.current().map((row) => canonicalRow('orders', row)),
      columns,
      'id',
    );
    for (const reader of READERS) {
      const ids = history.rows[reader].map((r) => changeId(r._kafka_partition, r._kafka_offset));
      expect({ reader, duplicates: duplicates(ids) }).toEqual({ reader, duplicates: [] });
      expect({ reader, ...idsDiff(ids, topicIds) }).toEqual({ reader, ...NO_IDS_DIFF });
      // Every change with its op and row image, once (ordinals are unique per change) ...
      const changes = projectRows(history.rows[reader], historyColumns, '_source_ordinal');
      expect({ reader, ...rowsDiff(changes, expectedHistory, '_source_ordinal') }).toEqual({
        reader,
        ...sameRows(expectedHistory.length),
      });
      // ... and the last change per key, deleted keys absent.
      const state = projectRows(current.rows[reader], columns, 'id');
      expect({ reader, ...rowsDiff(state, expectedCurrent, 'id') }).toEqual({
        reader,
        ...sameRows(expectedCurrent.length),
      });
    }
  }, 240_000);
});
