import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  currentSchema,
  encodeDataFile,
  planFiles,
  readDataFileColumns,
  readFileTable,
} from '@lakestream/iceberg';
import { type Enrichment, loadRowSchema } from '@lakestream/schemas';
import { localStorage } from '@lakestream/storage';
import { changeEventAt } from '@lakestream/testkit';
import { rowColumns } from './columns';
import { ENRICHMENT_COLUMNS } from './emission';
import type { TableKind } from './layout';
import { DELETE_FILE_PATH_ID, DELETE_POS_ID } from './scan';
import { type IncomingChange, TableWriter } from './table-writer';

// Re-emissions of a source change (libs/schemas README, "A re-emission, and what a sink does with
// it"), on a local warehouse: the history keeps one row per change, the current state the newest.

const columns = [...rowColumns(loadRowSchema('vendors')), ...ENRICHMENT_COLUMNS];

/** The first emission of a change to vendor `id` at source position `pos`, read at `offset`. */
function emitted(
  offset: number,
  pos: number,
  id: number,
  name: string,
  enrichment: Partial<Enrichment> = {},
  op: 'c' | 'u' | 'd' = 'u',
): IncomingChange {
  const event = changeEventAt({
    table: 'vendors',
    op,
    key: String(id),
    row: {
      id: BigInt(id),
      tenant_id: 'acme',
      name,
      country_code: 'US',
      contact_email: 'tok_email',
      created_at: 1_700_000_000_000_000n,
      updated_at: 1_700_000_000_000_000n,
    },
    tenantId: 'acme',
    pos,
    file: 'b.1',
    committedAt: 1_700_000_000_000 + pos,
  });
  const full: Enrichment = { status: 'complete', missing: [], revision: 0, piiKeyId: 'k1', ...enrichment };
  return { partition: 0, offset: BigInt(offset), columns, event: { ...event, enrichment: full } as never };
}

const partial: Partial<Enrichment> = { status: 'partial', missing: ['markets:US'] };

describe('re-emissions in the lake', () => {
  let folder: string;
  let clock: number;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'reemission-'));
    clock = 1_700_000_100_000;
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  const writer = (kind: TableKind, window?: number, readColumns = readDataFileColumns) => {
    const name = kind === 'changes' ? 'vendors_changes' : 'vendors';
    return new TableWriter({ namespace: 'ns', name, kind }, join(folder, 'ns', name), 'topic', {
      storage: localStorage(folder),
      encode: encodeDataFile,
      readColumns,
      now: () => clock,
      ...(window ? { reemissionWindowMs: window } : {}),
    });
  };

  /** The table's live rows (position deletes applied) as name, ordinal, revision and status. */
  async function rows(kind: TableKind) {
    const storage = localStorage(folder);
    const table = await readFileTable(
      storage,
      join(folder, 'ns', kind === 'changes' ? 'vendors_changes' : 'vendors'),
    );
    if (!table) throw new Error('no table');
    const fields = currentSchema(table.metadata).fields;
    const id = (name: string) => fields.find((f) => f.name === name)?.id as number;
    const wanted = ['_key', '_source_ordinal', 'name', '_enrichment_revision', '_enrichment_status'];
    const plan = await planFiles(storage, table.metadata);
    const deleted = new Set<string>();
    for (const { file } of plan?.deleteFiles ?? []) {
      const read = await readDataFileColumns((await storage.read(file.path)) as Uint8Array, [
        DELETE_FILE_PATH_ID,
        DELETE_POS_ID,
      ]);
      (read.get(DELETE_FILE_PATH_ID) ?? []).forEach((path, i) => {
        deleted.add(`${path}#${read.get(DELETE_POS_ID)?.[i]}`);
      });
    }
    const found: string[] = [];
    for (const { file } of plan?.dataFiles ?? []) {
      const read = await readDataFileColumns((await storage.read(file.path)) as Uint8Array, wanted.map(id));
      const values = wanted.map((name) => read.get(id(name)) ?? []);
      for (let pos = 0; pos < (values[0]?.length ?? 0); pos += 1) {
        if (deleted.has(`${file.path}#${pos}`)) continue;
        const [key, ordinal, name, revision, status] = values.map((v) => v[pos]);
        found.push(`${key} ${String(ordinal).slice(-4)} ${name} r${revision} ${status}`);
      }
    }
    return found.sort();
  }

  const ord = (pos: number) => String(emitted(0, pos, 0, '').event.sourcePosition.ordinal).slice(-4);

  it('keeps one history row per source change: the highest revision, in or across commits', async () => {
    const history = writer('changes');
    await history.open();
    // Vendor 1's change is partial, then complete in the same commit; vendor 2's across commits.
    history.accept(emitted(0, 10, 1, 'one', partial));
    history.accept(emitted(1, 11, 2, 'two', partial));
    history.accept(emitted(2, 10, 1, 'one enriched', { revision: 1 }));
    await history.flush();
    expect(await rows('changes')).toEqual([
      `1 ${ord(10)} one enriched r1 complete`,
      `2 ${ord(11)} two r0 partial`,
    ]);

    // A second, partial revision, then the complete one, then a replayed lower revision (skipped).
    history.accept(emitted(3, 11, 2, 'two, less missing', { ...partial, revision: 1 }));
    await history.flush();
    const flushed = await (async () => {
      history.accept(emitted(4, 11, 2, 'two enriched', { revision: 2 }));
      history.accept(emitted(5, 11, 2, 'two, stale', { ...partial, revision: 1 }));
      // A re-emission whose change this table never held is not a change either.
      history.accept(emitted(6, 99, 3, 'three, never seen', { revision: 1 }));
      return history.flush();
    })();
    expect(flushed).toMatchObject({ rows: 1, deletes: 1 });
    expect(await rows('changes')).toEqual([
      `1 ${ord(10)} one enriched r1 complete`,
      `2 ${ord(11)} two enriched r2 complete`,
    ]);
    expect(history.takeSkippedReemissions()).toBe(2);
  });

  it('finds a partial history row again after a restart, within the window only', async () => {
    const first = writer('changes', 60_000);
    await first.open();
    first.accept(emitted(0, 10, 1, 'one', partial));
    await first.flush();
    clock += 30_000;
    first.accept(emitted(1, 11, 2, 'two', partial));
    await first.flush();

    // A new writer knows only what the table holds; vendor 1's row is now past the 60 s window.
    clock += 45_000;
    const second = writer('changes', 60_000);
    await second.open();
    second.accept(emitted(2, 10, 1, 'one enriched', { revision: 1 }));
    second.accept(emitted(3, 11, 2, 'two enriched', { revision: 1 }));
    await second.flush();
    expect(await rows('changes')).toEqual([
      `1 ${ord(10)} one r0 partial`,
      `2 ${ord(11)} two enriched r1 complete`,
    ]);
    expect(second.takeSkippedReemissions()).toBe(1);
  });

  it('reads on restart only the files whose statistics allow a partial row', async () => {
    const first = writer('changes');
    await first.open();
    for (let batch = 0; batch < 3; batch += 1) {
      for (let i = 0; i < 5; i += 1) first.accept(emitted(batch * 5 + i, batch * 5 + i, i, `v${batch}`));
      await first.flush();
    }
    first.accept(emitted(15, 15, 9, 'nine', partial));
    await first.flush();

    const columnsRead: number[][] = [];
    const second = writer('changes', undefined, (bytes, ids) => {
      columnsRead.push([...ids]);
      return readDataFileColumns(bytes, [...ids]);
    });
    await second.open();
    // Four data files, three of complete rows only: one read.
    expect(columnsRead).toHaveLength(1);
    second.accept(emitted(16, 15, 9, 'nine enriched', { revision: 1 }));
    await second.flush();
    expect((await rows('changes')).filter((r) => r.startsWith('9 '))).toEqual([
      `9 ${ord(15)} nine enriched r1 complete`,
    ]);
  });

  it('gives the current state the latest enrichment of the newest change, never an older change', async () => {
    const current = writer('current');
    await current.open();
    current.accept(emitted(0, 10, 1, 'one', partial));
    current.accept(emitted(1, 11, 2, 'two', partial));
    current.accept(emitted(2, 12, 3, 'three', partial));
    await current.flush();
    // Vendor 2 changed again (sealed, in flight) before its first change's re-emission arrives.
    current.accept(emitted(3, 20, 2, 'two, newer'));
    const inFlight = current.seal();
    current.accept(emitted(4, 11, 2, 'two, late enrichment', { revision: 1 }));
    current.accept(emitted(5, 10, 1, 'one enriched', { revision: 1 }));
    if (!inFlight) throw new Error('nothing sealed');
    await current.commit(inFlight);
    await current.flush();
    expect(await rows('current')).toEqual([
      `1 ${ord(10)} one enriched r1 complete`,
      `2 ${ord(20)} two, newer r0 complete`,
      `3 ${ord(12)} three r0 partial`,
    ]);

    // After a restart (the index rebuilt from the table): vendor 3 takes its re-emission, and a
    // re-emission of vendor 1's change, already complete, is skipped.
    const again = writer('current');
    await again.open();
    again.accept(emitted(6, 12, 3, 'three enriched', { revision: 1 }));
    again.accept(emitted(7, 10, 1, 'one, replayed', { revision: 1 }));
    await again.flush();
    expect(await rows('current')).toEqual([
      `1 ${ord(10)} one enriched r1 complete`,
      `2 ${ord(20)} two, newer r0 complete`,
      `3 ${ord(12)} three enriched r1 complete`,
    ]);
    expect(again.takeSkippedReemissions()).toBe(1);
  });

  it('never brings back a deleted key through a late re-emission of its earlier change', async () => {
    const current = writer('current');
    await current.open();
    current.accept(emitted(0, 10, 1, 'one', partial));
    await current.flush();
    current.accept(emitted(1, 20, 1, 'one', {}, 'd'));
    await current.flush();
    current.accept(emitted(2, 10, 1, 'one enriched', { revision: 1 }));
    await current.flush();
    expect(await rows('current')).toEqual([]);
  });
});
