import type { StackConfig } from '../config';
import { reverseDependencyWaves, strayMarkers } from './down';
import type { PartName, StackPart } from './part';
import { stackParts } from './parts';

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

describe('strayMarkers', () => {
  const config = { home: '/state/lakestream' } as StackConfig;

  it('sweeps only the state folders of the parts being stopped', () => {
    const connect = stackParts.filter((p) => p.name === 'connect');
    expect(strayMarkers(config, connect)).toEqual(['/state/lakestream/connect/']);
  });

  it('sweeps the whole home when every part stops, but not a sibling home that shares its prefix', () => {
    const [marker] = strayMarkers(config, stackParts);
    expect(marker).toBe('/state/lakestream/');
    expect('/state/lakestream-b/kafka/server.properties'.includes(marker as string)).toBe(false);
  });
});
