import { randomBytes } from 'node:crypto';
import { type RecordJson, subjectRegistration } from '@lakestream/schemas';
import { registryUrl } from './testing/harness';

const schema = (fields: RecordJson['fields']): RecordJson => ({ type: 'record', name: 'Thing', fields });
const v1 = schema([{ name: 'id', type: 'long' }]);

// Two cdc-ingest instances meet every new changes topic at once (a new table, a new deployment):
// against the stack's registry, each of them must register, none may see a refusal.
describe('subjectRegistration on the stack registry', () => {
  it('lets instances racing over new subjects all register the same schema, and leaves each BACKWARD', async () => {
    const subjects = Array.from({ length: 8 }, () => `race-${randomBytes(6).toString('hex')}-value`);
    const instances = Array.from({ length: 3 }, () => subjectRegistration({ registryUrl }));
    for (const subject of subjects) {
      const outcomes = await Promise.all(instances.map((i) => i.register(subject, v1)));
      expect(outcomes.every((o) => 'id' in o)).toBe(true);
      expect(new Set(outcomes.map((o) => ('id' in o ? o.id : undefined))).size).toBe(1);
      const level = await fetch(`${registryUrl}/config/${subject}`).then((r) => r.json());
      expect((level as { compatibilityLevel: string }).compatibilityLevel).toBe('BACKWARD');
    }
  });

  it('refuses a next version that breaks BACKWARD compatibility, and takes one that keeps it', async () => {
    const subject = `evolve-${randomBytes(6).toString('hex')}-value`;
    const subjects = subjectRegistration({ registryUrl });
    expect(await subjects.register(subject, v1)).toMatchObject({ version: 1 });
    const added = schema([...v1.fields, { name: 'note', type: ['null', 'string'], default: null }]);
    expect(await subjects.register(subject, added)).toMatchObject({ version: 2 });
    const required = schema([...added.fields, { name: 'size', type: 'long' }]);
    expect(await subjects.register(subject, required)).toEqual({ refused: expect.any(String) });
  });
});
