import { changeEventSchema } from './change-event';
import { checkBackward } from './compatibility';
import { avroType } from './options';
import { rowFacts } from './row-facts';
import { changeEventHistory, latestVersion, rowHistory, rowTables } from './schema-files';

/**
 * The schemas kept in libs/schemas/avro/** evolve under BACKWARD compatibility, like their registry
 * subjects: the newest version of each must read data written with every version before it. Today only
 * v1 exists; the day a v2 is added, this is the test that has to pass.
 */
const tables = rowTables();
const envelopes = changeEventHistory();

it('keeps a row schema for each of the 12 GlobalMart tables', () => {
  expect(tables).toHaveLength(12);
});

describe.each(tables)('avro/rows/%s', (table) => {
  const history = rowHistory(table);
  const latest = latestVersion(history);

  it.each(history.map((kept) => [kept.file, kept]))('%s parses with our logical types', (_file, kept) => {
    expect(() => avroType(kept.schema)).not.toThrow();
    expect(() => rowFacts(table, kept.schema)).not.toThrow();
  });

  it.each(history.map((kept) => [kept.version, kept]))(
    `v${latest.version} reads data written with v%s`,
    (_v, kept) => {
      expect(checkBackward(latest.schema, kept.schema)).toEqual({ compatible: true });
    },
  );

  // A subject's history interleaves envelope and row versions, so the newest pair must read every older pair.
  it(`${table} ChangeEvent (latest envelope, latest row) reads every earlier pair`, () => {
    const newest = changeEventSchema(table, latest.schema, latestVersion(envelopes).schema);
    for (const envelope of envelopes) {
      for (const row of history) {
        const older = changeEventSchema(table, row.schema, envelope.schema);
        expect({ envelope: envelope.version, row: row.version, ...checkBackward(newest, older) }).toEqual({
          envelope: envelope.version,
          row: row.version,
          compatible: true,
        });
      }
    }
  });
});
