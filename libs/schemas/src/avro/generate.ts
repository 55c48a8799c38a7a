import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatedFiles, type SchemaSet } from './generated-files';
import { GENERATED_DIR, loadSchemaSet } from './schema-files';

/** Writes libs/schemas/src/generated from the schemas, removing files no schema produces any more. */
export function writeGeneratedFiles(set: SchemaSet, dir: string = GENERATED_DIR): string[] {
  const files = generatedFiles(set);
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.ts') && !files.has(name)) rmSync(path.join(dir, name));
  }
  for (const [name, text] of files) writeFileSync(path.join(dir, name), text);
  return [...files.keys()];
}

// `node libs/schemas/dist/avro/generate.js` (npm run generate) runs this; importing does not.
if (require.main === module) {
  const written = writeGeneratedFiles(loadSchemaSet());
  process.stdout.write(`wrote ${written.length} files to ${path.relative(process.cwd(), GENERATED_DIR)}\n`);
}
