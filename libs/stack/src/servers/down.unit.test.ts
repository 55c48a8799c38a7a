import { reverseDependencyWaves } from './down';
import type { PartName, StackPart } from './part';

const part = (name: PartName, dependsOn: PartName[] = []) => ({ name, dependsOn }) as unknown as StackPart;

describe('reverseDependencyWaves', () => {
  it('stops dependents before what they depend on', () => {
    const waves = reverseDependencyWaves([
      part('kafka'),
      part('mariadb'),
      part('registry'),
      part('connect', ['kafka', 'mariadb', 'registry']),
      part('s3'),
    ]);
    const order = waves.map((w) => w.map((p) => p.name).sort());
    expect(order).toEqual([
      ['connect', 's3'],
      ['kafka', 'mariadb', 'registry'],
    ]);
  });

  it('refuses a cycle', () => {
    expect(() => reverseDependencyWaves([part('kafka', ['connect']), part('connect', ['kafka'])])).toThrow(
      /cycle/,
    );
  });
});
