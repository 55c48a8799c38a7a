import { ConfigError } from '@lakestream/runtime';
import { parseSimulateOptions } from './options';

describe('parseSimulateOptions', () => {
  it('fills the defaults', () => {
    expect(parseSimulateOptions({ rate: 100 })).toMatchObject({ rate: 100, seed: 1, connections: 8 });
  });

  it('names every bad option with what it got', () => {
    expect(() => parseSimulateOptions({ rate: 0, changes: 2.5, tenants: [] })).toThrow(ConfigError);
    try {
      parseSimulateOptions({ rate: 0, changes: 2.5, tenants: [] });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'rate: expected a rate above 0, got 0',
        'changes: expected a whole number, got 2.5',
        'tenants: expected at least 1 tenant, got []',
      ]);
    }
  });
});
