import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generatedFiles } from './generated-files';
import { GENERATED_DIR, loadSchemaSet } from './schema-files';

/**
 * The TypeScript types cannot drift from the schemas: src/generated must be exactly what the generator
 * makes of avro/** today. If this fails, run `npm run generate -w @lakestream/schemas` and commit.
 */
describe('src/generated', () => {
  const expected = generatedFiles(loadSchemaSet());

  it('holds exactly the generated files', () => {
    const present = readdirSync(GENERATED_DIR).filter((name) => name.endsWith('.ts'));
    expect(present.sort()).toEqual([...expected.keys()].sort());
  });

  it.each([...expected])('%s is what the schemas generate', (name, text) => {
    expect(readFileSync(path.join(GENERATED_DIR, name), 'utf8')).toBe(text);
  });
});
