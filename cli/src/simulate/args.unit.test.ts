import { ConfigError } from '@lakestream/stack';
import { parseSimulateArgs } from './args';

const problems = (args: Parameters<typeof parseSimulateArgs>[0]): string[] => {
  try {
    parseSimulateArgs(args);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('parseSimulateArgs', () => {
  it('reads durations, counts and tenant lists', () => {
    expect(parseSimulateArgs({ rate: '2000', duration: '20s', tenants: '2', seed: '7' })).toEqual({
      rate: 2000,
      durationMs: 20_000,
      tenants: 2,
      seed: 7,
    });
    expect(
      parseSimulateArgs({ rate: '50', duration: '10m', changes: '5000', tenants: 'acme, hooli' }),
    ).toEqual({
      rate: 50,
      durationMs: 600_000,
      changes: 5000,
      tenants: ['acme', 'hooli'],
    });
    expect(parseSimulateArgs({ rate: '1', duration: '1.5h' }).durationMs).toBe(5_400_000);
  });

  it('names every bad option', () => {
    expect(problems({ rate: '0', duration: '10 minutes', changes: '-3', tenants: ',' })).toEqual([
      '--rate: expected a number above 0, got "0"',
      '--changes: expected a whole number above 0, got "-3"',
      '--duration: expected a time like 90s, 10m or 1h, got "10 minutes"',
      '--tenants: expected a count or tenant ids, got nothing',
    ]);
    expect(problems({})).toEqual(['--rate: required, in row changes per second (e.g. --rate 2000)']);
  });
});
