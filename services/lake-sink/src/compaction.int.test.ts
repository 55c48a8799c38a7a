import { fileCatalog, listSnapshots, readFileTable } from '@lakestream/iceberg';
import { type CompactReport, compactTable, defaultCompactionPolicy } from '@lakestream/lake';
import { loadStackConfig, localS3Client, uniqueName, waitFor } from '@lakestream/stack';
import { s3Storage } from '@lakestream/storage';
import type { LakeSinkService } from './service';
import { privateLake } from './testing/harness';
import { changeId, duplicates, lakeCheck } from './testing/lake-check';
import { orderChanges } from './testing/order-workload';

const stack = loadStackConfig();
const CHANGES = 24_000;

jest.setTimeout(15 * 60_000);

/**
 * `lakestream compact` on a current-state table while the sink writes to it (decision 0009): the
 * compaction moves position deletes the sink committed meanwhile onto its new files, and the sink,
 * on its next commit, sees a replace it did not write, drops that batch, rebuilds its live-row index
 * from the table and reads the batch again. Nothing lost, nothing doubled, the sink never stops.
 */
describe('compaction racing the running sink', () => {
  const lake = privateLake(uniqueName('compact'), stack, ['orders']);
  const storage = s3Storage(localS3Client(stack), lake.warehouse);
  const catalog = fileCatalog(storage);
  const check = lakeCheck(lake, stack);
  let sink: LakeSinkService | undefined;

  beforeAll(() => lake.createTopics(3));
  afterAll(() => sink?.stop());

  it('leaves every order once, as its last change, and every change once in the history', async () => {
    sink = await lake.startSink({ COMMIT_INTERVAL_SECONDS: '2' });
    const events = [...orderChanges('update-heavy', CHANGES, 11, 400)];
    const tail = events.pop() ?? [];
    let producing = true;
    const historyHolds = async () => {
      const offsets = await check.offsets('orders', 'orders_changes');
      return [...offsets.values()].reduce((a, b) => a + b, 0n);
    };
    // A steady stream the sink keeps up with: each chunk once the sink has committed the one before,
    // so its commits and the compactions interleave.
    const produced = (async () => {
      let sent = 0;
      for (const chunk of events) {
        await lake.produce('orders', chunk);
        sent += chunk.length;
        await waitFor(async () => (await historyHolds()) >= BigInt(sent), {
          what: `the sink to commit ${sent} changes`,
          timeoutMs: 120_000,
        });
      }
      producing = false;
    })();
    const snapshotsOf = async () =>
      listSnapshots((await readFileTable(storage, lake.tableLocation('orders')))?.metadata ?? ({} as never));
    const reports: CompactReport[] = [];
    let seen = 0;
    while (producing) {
      // A compaction after every few sink commits, while the sink goes on committing.
      await waitFor(async () => !producing || (await snapshotsOf().catch(() => [])).length >= seen + 3, {
        what: 'three more sink commits',
        timeoutMs: 120_000,
      });
      if (!producing) break;
      reports.push(
        await compactTable({
          catalog,
          storage,
          identifier: { namespace: ['globalmart'], name: 'orders' },
          policy: defaultCompactionPolicy(),
          dryRun: false,
        }),
      );
      seen = (await snapshotsOf()).length;
    }
    await produced;
    // One more batch after the last compaction: the sink goes on past every replace.
    await lake.produce('orders', tail);
    const last = new Map<number, bigint>();
    await waitFor(async () => (await historyHolds()) === BigInt(CHANGES), {
      what: 'the history to hold every change',
      timeoutMs: 300_000,
    });
    for (const [p, o] of await check.offsets('orders', 'orders_changes')) last.set(p, o - 1n);
    await waitFor(() => check.covers('orders', last), {
      what: 'both tables to cover every offset',
      timeoutMs: 300_000,
    });

    process.stderr.write(
      `[compaction race] ${reports.map((r) => `${r.snapshotId ? 'committed' : 'nothing'}: ${r.plan.dataFiles} files, ${r.attempts} attempts, ${r.deletesCarried} deletes carried, ${r.seconds.toFixed(1)} s`).join('; ')}\n`,
    );
    expect(sink.state()).toBe('running');
    const committed = reports.filter((r) => r.snapshotId !== undefined);
    expect(committed.length).toBeGreaterThanOrEqual(2);
    const snapshots = await snapshotsOf();
    const replaces = snapshots.filter((s) => s.summary.operation === 'replace');
    expect(replaces.length).toBe(committed.length);
    expect(snapshots.at(-1)?.summary.operation).not.toBe('replace');

    const expected = new Map<string, string>();
    for (const e of [...events.flat(), ...tail])
      expected.set(e.key, `${e.after?.status}@${e.after?.updated_at}`);
    const [current, history] = await check.read([
      { entity: 'orders', table: 'orders' },
      { entity: 'orders', table: 'orders_changes' },
    ]);
    for (const reader of ['pyiceberg', 'java'] as const) {
      const rows = current?.rows[reader] ?? [];
      expect(duplicates(rows.map((r) => String(r._key)))).toEqual([]);
      expect(new Map(rows.map((r) => [String(r._key), `${r.status}@${r.updated_at}`]))).toEqual(expected);
      const changes = history?.rows[reader] ?? [];
      expect(changes).toHaveLength(CHANGES);
      expect(duplicates(changes.map((r) => changeId(r._kafka_partition, r._kafka_offset)))).toEqual([]);
    }
  });
});
