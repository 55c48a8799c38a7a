import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SchemaSet } from './generated-files';
import type { RecordJson } from './schema-json';

/** libs/schemas, from src/avro (jest) and dist/avro (node) alike. */
export const PACKAGE_DIR = path.resolve(__dirname, '..', '..');
export const AVRO_DIR = path.join(PACKAGE_DIR, 'avro');
export const GENERATED_DIR = path.join(PACKAGE_DIR, 'src', 'generated');

/** One kept version of a schema: the file `vN.avsc` in the schema's directory. */
export interface SchemaVersion {
  readonly version: number;
  /** Relative to libs/schemas, with forward slashes, e.g. `avro/rows/orders/v1.avsc`. */
  readonly file: string;
  readonly schema: RecordJson;
}

// The shape we rely on before avsc parses the rest; custom attributes pass through.
const recordFile = z.looseObject({
  type: z.literal('record'),
  name: z.string().min(1),
  namespace: z.string().optional(),
  doc: z.string().optional(),
  fields: z.array(z.looseObject({ name: z.string().min(1), type: z.unknown() })),
});

const VERSION_FILE = /^v([1-9]\d*)\.avsc$/;

/**
 * Every version kept in `dir`, oldest first. Versions must run 1..n without gaps: each was registered
 * in turn, and the compatibility test checks the newest against all of them.
 */
export function readHistory(dir: string): SchemaVersion[] {
  const history = readdirSync(dir)
    .map((name) => {
      const match = VERSION_FILE.exec(name);
      if (!match?.[1]) throw new Error(`${path.join(dir, name)}: schema files are named vN.avsc`);
      return { version: Number(match[1]), name };
    })
    .sort((a, b) => a.version - b.version)
    .map(({ version, name }, index) => {
      const file = path.relative(PACKAGE_DIR, path.join(dir, name)).split(path.sep).join('/');
      if (version !== index + 1) throw new Error(`${file}: versions must run v1..vN without gaps`);
      const parsed = recordFile.safeParse(JSON.parse(readFileSync(path.join(dir, name), 'utf8')));
      if (!parsed.success)
        throw new Error(`${file} is not an Avro record schema: ${z.prettifyError(parsed.error)}`);
      return { version, file, schema: parsed.data as unknown as RecordJson };
    });
  if (history.length === 0) throw new Error(`${dir} holds no schema version`);
  return history;
}

/** The newest version in a history. */
export function latestVersion(history: readonly SchemaVersion[]): SchemaVersion {
  const latest = history.at(-1);
  if (!latest) throw new Error('an empty schema history has no latest version');
  return latest;
}

/** The tables that have row schemas (the directories under avro/rows), sorted. */
export function rowTables(avroDir: string = AVRO_DIR): string[] {
  return readdirSync(path.join(avroDir, 'rows'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function rowHistory(table: string, avroDir: string = AVRO_DIR): SchemaVersion[] {
  return readHistory(path.join(avroDir, 'rows', table));
}

export function changeEventHistory(avroDir: string = AVRO_DIR): SchemaVersion[] {
  return readHistory(path.join(avroDir, 'change-event'));
}

export function enrichedEventHistory(avroDir: string = AVRO_DIR): SchemaVersion[] {
  return readHistory(path.join(avroDir, 'enriched-event'));
}

/** The tables whose enriched rows have derived columns (the directories under avro/derived), sorted. */
export function derivedTables(avroDir: string = AVRO_DIR): string[] {
  return readdirSync(path.join(avroDir, 'derived'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The derived columns' versions of a table, oldest first; none for a table the enricher adds none to. */
export function derivedHistory(table: string, avroDir: string = AVRO_DIR): SchemaVersion[] {
  return derivedTables(avroDir).includes(table) ? readHistory(path.join(avroDir, 'derived', table)) : [];
}

/** The change-event template, latest version unless told otherwise. */
export function loadChangeEventTemplate(version?: number, avroDir: string = AVRO_DIR): SchemaVersion {
  const history = changeEventHistory(avroDir);
  const found = version === undefined ? latestVersion(history) : history.find((v) => v.version === version);
  if (!found) throw new Error(`avro/change-event has no v${version}`);
  return found;
}

/** The enriched-event template (the fields the enricher adds), latest version unless told otherwise. */
export function loadEnrichedTemplate(version?: number, avroDir: string = AVRO_DIR): SchemaVersion {
  const history = enrichedEventHistory(avroDir);
  const found = version === undefined ? latestVersion(history) : history.find((v) => v.version === version);
  if (!found) throw new Error(`avro/enriched-event has no v${version}`);
  return found;
}

/** Every table's latest row schema and the latest envelope: what the generated TypeScript follows. */
export function loadSchemaSet(avroDir: string = AVRO_DIR): SchemaSet {
  return {
    rows: rowTables(avroDir).map((table) => ({ table, latest: latestVersion(rowHistory(table, avroDir)) })),
    changeEvent: latestVersion(changeEventHistory(avroDir)),
    enriched: latestVersion(enrichedEventHistory(avroDir)),
    derived: derivedTables(avroDir).map((table) => ({
      table,
      latest: latestVersion(derivedHistory(table, avroDir)),
    })),
  };
}
