import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DataFileEncoder,
  encodeDataFile,
  type LakeColumns,
  ParquetError,
  readDataFileColumns,
} from '@lakestream/iceberg';
import { silentLog } from '@lakestream/runtime';
import { loadRowSchema } from '@lakestream/schemas';
import { waitFor } from '@lakestream/stack';
import { localStorage } from '@lakestream/storage';
import { changeEventAt } from '@lakestream/testkit';
import { Registry } from 'prom-client';
import { batchCommitter } from './commit';
import { rowColumns } from './lake/columns';
import type { TableKind } from './lake/layout';
import { type IncomingChange, type SealedBatch, TableWriter } from './lake/table-writer';
import { sinkMetrics } from './metrics';
import { PoisonRecords } from './poison-records';

const TOPIC = 'lakestream.changes.vendors';
const columns = rowColumns(loadRowSchema('vendors'));

function change(offset: number, name = `vendor ${offset}`, id = offset): IncomingChange {
  const row = {
    id: BigInt(id),
    tenant_id: 'acme',
    name,
    country_code: 'US',
    contact_email: `v${offset}@example.com`,
    created_at: 1_700_000_000_000_000n,
    updated_at: 1_700_000_000_000_000n,
  };
  const event = changeEventAt({
    table: 'vendors',
    op: 'c',
    key: String(id),
    row,
    tenantId: 'acme',
    pos: offset,
    committedAt: 1_700_000_000_000 + offset,
  });
  return { partition: 0, offset: BigInt(offset), columns, event };
}

/** The real encoder, except that a file holding a vendor named "poison" fails as a bad value would. */
const poisonRefused: DataFileEncoder = (schema, rows) => {
  const names = (rows as LakeColumns).columns?.name ?? [];
  if (names.includes('poison'))
    throw new ParquetError('PARQUET_BAD_VALUE', 'name: "poison" cannot be written');
  return encodeDataFile(schema, rows);
};

describe('a commit that fails', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'commit-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  function setup(encode: DataFileEncoder) {
    const registry = new Registry();
    const metrics = sinkMetrics(registry);
    const poison = new PoisonRecords();
    let running = true;
    const writer = (kind: TableKind) => {
      const name = kind === 'changes' ? 'vendors_changes' : 'vendors';
      return new TableWriter({ namespace: 'ns', name, kind }, join(folder, 'ns', name), TOPIC, {
        storage: localStorage(folder),
        encode,
        readColumns: readDataFileColumns,
        now: () => 1_700_000_100_000,
      });
    };
    const writers = [writer('changes'), writer('current')] as const;
    const committer = batchCommitter({
      metrics,
      log: silentLog,
      poison,
      now: Date.now,
      running: () => running,
    });
    const failures = async (outcome: string) =>
      (await metrics.commitFailures.get()).values
        .filter((v) => v.labels.outcome === outcome)
        .reduce((n, v) => n + v.value, 0);
    const stop = () => {
      running = false;
      committer.stopRetrying();
    };
    return { writers, committer, poison, failures, stop };
  }

  async function acceptAndSeal(writers: readonly TableWriter[], changes: IncomingChange[]) {
    for (const w of writers) await w.open();
    for (const c of changes) for (const w of writers) w.accept(c);
    return writers.map((writer) => ({ writer, batch: writer.seal() as SealedBatch }));
  }

  it('finds the one record that cannot be encoded, drops the batch, and the re-read lands the rest once', async () => {
    const { writers, committer, poison, failures } = setup(poisonRefused);
    const batch = [0, 1, 2, 3, 4, 5, 6, 7].map((o) => change(o, o === 5 ? 'poison' : `vendor ${o}`));
    const outcome = await committer.commit(await acceptAndSeal(writers, batch));

    expect([...outcome.poisoned]).toEqual([TOPIC]);
    expect(poison.size).toBe(1);
    expect(poison.take(TOPIC, 0, '5')).toEqual({
      reason: expect.stringMatching(
        /^vendors(_changes)?: PARQUET_BAD_VALUE: name: "poison" cannot be written$/,
      ),
      table: 'vendors',
    });
    poison.add(TOPIC, 0, 5n, { reason: 'kept for the re-read below' });
    expect(await failures('isolated')).toBe(2);
    for (const w of writers) {
      expect(w.offsets.size).toBe(0); // nothing committed
      expect(w.accept(change(8))).toBe(false); // fenced until reloaded
    }

    // The resync: reload, re-read from the tables' offsets; the poison record is dead-lettered (passed).
    for (const w of writers) await w.open();
    for (const c of batch) {
      if (poison.take(TOPIC, 0, c.offset.toString())) for (const w of writers) w.pass(0, c.offset);
      else for (const w of writers) w.accept(change(Number(c.offset)));
    }
    const [history, current] = await Promise.all(writers.map((w) => w.flush()));
    expect(history?.rows).toBe(7);
    expect(current?.rows).toBe(7);
    for (const w of writers) expect(w.offsets.get(0)).toBe(8n);
  });

  it('finds the record in the current state too, where changes to one key collapse', async () => {
    const { writers, poison } = setup(poisonRefused);
    const [, current] = writers;
    await current.open();
    // Key 0 changes twice; only its last change, the poison one, is in the batch.
    for (const c of [change(0), change(1), change(2, 'poison', 0)]) current.accept(c);
    const sealed = current.seal() as SealedBatch;
    await expect(current.commit(sealed)).rejects.toMatchObject({ code: 'PARQUET_BAD_VALUE' });
    const culprits = await current.poisonIn(sealed);
    expect(culprits.map((c) => [c.item.offset, c.error.message])).toEqual([
      [2n, 'name: "poison" cannot be written'],
    ]);
    expect(poison.size).toBe(0);
  });

  it('commits the same batch again after a transient failure, and finds no poison', async () => {
    let outages = 1;
    const flaky: DataFileEncoder = (schema, rows) => {
      if (outages > 0) {
        outages -= 1;
        throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      }
      return encodeDataFile(schema, rows);
    };
    const { writers, committer, poison, failures } = setup(flaky);
    const outcome = await committer.commit(await acceptAndSeal(writers, [change(0), change(1)]));
    expect(outcome.poisoned.size + outcome.stale.size).toBe(0);
    expect(await failures('retried')).toBe(1);
    expect(poison.size).toBe(0);
    for (const w of writers) expect(w.offsets.get(0)).toBe(2n);
  });

  it('gives a retried batch up when the service stops, and takes nothing more until reloaded', async () => {
    let failed = 0;
    const down: DataFileEncoder = () => {
      failed += 1;
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    };
    const { writers, committer, failures, stop } = setup(down);
    const committing = committer.commit(await acceptAndSeal(writers, [change(0)]));
    // Both tables counted their failure, so both wait out their backoff (500 ms) now.
    await waitFor(async () => (await failures('retried')) === 2, { what: 'two retries', timeoutMs: 400 });
    stop();
    await committing;
    expect(failed).toBe(2); // given up at once, not tried again
    for (const w of writers) {
      expect(w.offsets.size).toBe(0);
      expect(w.accept(change(1))).toBe(false);
    }
  });

  it('is fatal when no record explains it: a file of no rows fails too', async () => {
    const broken: DataFileEncoder = () => {
      throw new ParquetError('PARQUET_UNSUPPORTED_TYPE', 'no Parquet mapping');
    };
    const { writers, committer, poison, failures } = setup(broken);
    await expect(committer.commit(await acceptAndSeal(writers, [change(0)]))).rejects.toThrow(
      'no Parquet mapping',
    );
    expect(poison.size).toBe(0);
    expect(await failures('fatal')).toBeGreaterThanOrEqual(1);
  });
});
