import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadChangeEventTemplate, readHistory } from './schema-files';

const record = (name: string) =>
  JSON.stringify({ type: 'record', name, fields: [{ name: 'a', type: 'int' }] });

describe('readHistory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'avro-history-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the versions oldest first, ordering v10 after v9', () => {
    for (let v = 1; v <= 10; v++) writeFileSync(path.join(dir, `v${v}.avsc`), record(`R${v}`));
    expect(readHistory(dir).map((kept) => [kept.version, kept.schema.name])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, `R${i + 1}`]),
    );
  });

  it('refuses a gap in the versions', () => {
    writeFileSync(path.join(dir, 'v1.avsc'), record('R'));
    writeFileSync(path.join(dir, 'v3.avsc'), record('R'));
    expect(() => readHistory(dir)).toThrow('versions must run v1..vN without gaps');
  });

  it('refuses a file that is not vN.avsc', () => {
    writeFileSync(path.join(dir, 'v1.json'), record('R'));
    expect(() => readHistory(dir)).toThrow('schema files are named vN.avsc');
  });

  it('refuses a file that is not a record schema, saying where', () => {
    writeFileSync(path.join(dir, 'v1.avsc'), JSON.stringify({ type: 'enum', name: 'E', symbols: ['a'] }));
    expect(() => readHistory(dir)).toThrow(/v1\.avsc is not an Avro record schema/);
  });

  it('refuses an empty directory', () => {
    mkdirSync(path.join(dir, 'empty'));
    expect(() => readHistory(path.join(dir, 'empty'))).toThrow('holds no schema version');
  });
});

describe('loadChangeEventTemplate', () => {
  it('loads the latest envelope from avro/change-event', () => {
    expect(loadChangeEventTemplate()).toMatchObject({ file: 'avro/change-event/v2.avsc', version: 2 });
  });

  it('says which version is missing', () => {
    expect(() => loadChangeEventTemplate(99)).toThrow('avro/change-event has no v99');
  });
});
