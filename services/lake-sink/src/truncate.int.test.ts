import { readFileTable } from '@lakestream/iceberg';
import { loadStackConfig, localS3Client, uniqueName, waitFor } from '@lakestream/stack';
import { s3Storage } from '@lakestream/storage';
import { lakeS3, readLakeTables } from '@lakestream/testkit';
import { offsetsOf } from './lake/table-writer';
import type { LakeSinkService } from './service';
import { changeEvent, privateLake, type Row } from './testing/harness';

const stack = loadStackConfig();

const vendor = (id: number, name: string): Row => ({
  id: BigInt(id),
  tenant_id: id % 2 ? 'acme' : 'globex',
  name,
  line_of_business: 'Technology',
  country_code: 'US',
  contact_email: `v${id}@example.com`,
  phone: '+1 555 0100',
  created_at: 1_763_900_000_000_123n,
  updated_at: 1_763_900_000_000_456n,
});

describe('a source TRUNCATE reaches the lake', () => {
  let sink: LakeSinkService | undefined;
  afterAll(() => sink?.stop());

  it('empties the current state of every tenant and keeps a marker per partition in the history', async () => {
    const lake = privateLake(uniqueName('lake-truncate'), stack, ['vendors']);
    await lake.createTopics(3);
    const before = Array.from({ length: 30 }, (_, i) =>
      changeEvent('vendors', 'c', String(i + 1), i + 1, vendor(i + 1, `v${i + 1}`), null),
    );
    for (const event of before) event.tenantId = (event.after?.tenant_id as string) ?? null;
    sink = await lake.startSink({ COMMIT_INTERVAL_SECONDS: '1' });
    await lake.produce('vendors', before);
    const storage = s3Storage(localS3Client(stack), lake.warehouse);
    const committed = async (table: string) =>
      [
        ...offsetsOf(
          (await readFileTable(storage, lake.tableLocation(table)))?.metadata,
          lake.topic('vendors'),
        ).values(),
      ].reduce((n, o) => n + o, 0n);
    await waitFor(async () => (await committed('vendors')) === 30n, {
      what: 'the rows before',
      timeoutMs: 60_000,
    });

    await lake.produceTruncate('vendors', 'vendors', 100);
    const after = [changeEvent('vendors', 'c', '101', 101, vendor(101, 'after the truncate'), 'acme')];
    await lake.produce('vendors', after);
    await waitFor(
      async () => (await committed('vendors')) === 34n && (await committed('vendors_changes')) === 34n,
      { what: 'the truncate and the row after it', timeoutMs: 60_000 },
    );

    const reads = await Promise.all(
      ['vendors', 'vendors_changes'].map(async (table) => ({
        metadataLocation: (await readFileTable(storage, lake.tableLocation(table)))
          ?.metadataLocation as string,
      })),
    );
    for (const reader of ['pyiceberg', 'java'] as const) {
      const [current, history] = await readLakeTables(reader, { s3: lakeS3(stack), reads });
      expect(current?.rows.map((r) => [r.id, r.name])).toEqual([['101', 'after the truncate']]);
      const ops = (history?.rows ?? []).map((r) => r._op);
      expect(ops.filter((op) => op === 't')).toHaveLength(3);
      expect(ops.filter((op) => op === 'c')).toHaveLength(31);
      // The markers carry no row: no tenant, no values.
      expect(
        history?.rows.filter((r) => r._op === 't').every((r) => r.tenant_id === null && r._key === ''),
      ).toBe(true);
    }
    expect(sink.state()).toBe('running');
  });
});
