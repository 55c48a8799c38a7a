import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentSnapshot, readFileTable } from '@lakestream/iceberg';
import { changeEventSchema, loadRowSchema } from '@lakestream/schemas';
import { loadStackConfig, uniqueName, waitFor } from '@lakestream/stack';
import { localStorage } from '@lakestream/storage';
import { readLakeTables } from '@lakestream/testkit';
import { offsetsOf } from './lake/table-writer';
import type { LakeSinkService } from './service';
import { changeEvent, privateLake, type Row } from './testing/harness';

const stack = loadStackConfig();

const vendor = (id: number, name: string, rating?: number | null): Row => ({
  id: BigInt(id),
  tenant_id: 'acme',
  name,
  line_of_business: 'Technology',
  country_code: 'US',
  phone: '+1 555 0100',
  contact_email: `v${id}@example.com`,
  created_at: 1_763_900_000_000_000n,
  updated_at: 1_763_900_000_000_000n,
  ...(rating === undefined ? {} : { rating }),
});

// A column added at the source arrives as a new ChangeEvent schema version with one more optional field.
const rowV1 = loadRowSchema('vendors');
const rowV2 = {
  ...rowV1,
  fields: [...rowV1.fields, { name: 'rating', type: ['null', 'int'], default: null }],
};

describe('lake sink on a local warehouse, across a source schema change', () => {
  let folder: string;
  let sink: LakeSinkService | undefined;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'lake-evolution-'));
  });
  afterAll(async () => {
    await sink?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('adds the new column under a new field id and schema id; the earlier snapshot still reads with its own schema', async () => {
    const lake = privateLake(uniqueName('lake-evo'), stack, ['vendors'], { warehouse: folder });
    await lake.createTopics(1);
    const storage = localStorage(folder);
    const committed = (count: number) => async () => {
      for (const table of ['vendors', 'vendors_changes']) {
        const loaded = await readFileTable(storage, lake.tableLocation(table));
        if (offsetsOf(loaded?.metadata, lake.topic('vendors')).get(0) !== BigInt(count)) return false;
      }
      return true;
    };

    await lake.produce('vendors', [
      changeEvent('vendors', 'c', '1', 1, vendor(1, 'one'), 'acme'),
      changeEvent('vendors', 'c', '2', 2, vendor(2, 'two'), 'acme'),
    ]);
    sink = await lake.startSink({ COMMIT_INTERVAL_SECONDS: '1' });
    await waitFor(committed(2), { what: 'the first two changes in both tables', timeoutMs: 60_000 });
    const before = await readFileTable(storage, lake.tableLocation('vendors'));
    const firstSnapshot = String(currentSnapshot(before?.metadata as never)?.['snapshot-id']);

    const v2 = changeEventSchema('vendors', rowV2 as never);
    const second = [
      { ...changeEvent('vendors', 'u', '1', 3, vendor(1, 'one', 5), 'acme'), schemaVersion: 2 },
      { ...changeEvent('vendors', 'c', '3', 4, vendor(3, 'three', null), 'acme'), schemaVersion: 2 },
    ];
    await lake.produce('vendors', second, v2);
    await waitFor(committed(4), { what: 'the changes written with the new schema', timeoutMs: 60_000 });

    const after = await readFileTable(storage, lake.tableLocation('vendors'));
    const metadata = after?.metadata;
    expect(metadata?.schemas.map((s) => s['schema-id'])).toEqual([0, 1]);
    expect(metadata?.['current-schema-id']).toBe(1);
    const rating = metadata?.schemas[1]?.fields.find((f) => f.name === 'rating');
    expect(rating).toMatchObject({
      id: (before?.metadata['last-column-id'] ?? 0) + 1,
      type: 'int',
      required: false,
    });

    for (const reader of ['pyiceberg', 'java'] as const) {
      const [now, then] = await readLakeTables(reader, {
        reads: [
          { metadataLocation: after?.metadataLocation as string },
          { metadataLocation: after?.metadataLocation as string, snapshotId: firstSnapshot },
        ],
      });
      const pick = (rows: Record<string, string | null>[], columns: string[]) =>
        rows
          .map((r) => columns.map((c) => r[c] ?? null))
          .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(pick(now?.rows ?? [], ['id', 'name', 'rating'])).toEqual([
        ['1', 'one', '5'],
        ['2', 'two', null],
        ['3', 'three', null],
      ]);
      expect(then?.schema.some((c) => c.name === 'rating')).toBe(false);
      expect(pick(then?.rows ?? [], ['id', 'name'])).toEqual([
        ['1', 'one'],
        ['2', 'two'],
      ]);
    }
  });
});
