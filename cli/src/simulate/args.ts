import { ConfigError, type SimulateOptions } from '@lakestream/stack';

export const simulateUsage =
  'lakestream simulate --rate <changes/s> [--duration 60s|10m] [--changes N] [--tenants N|a,b] [--seed S] [--connections N]';

/**
 * The simulator's rate under `lakestream up` (changes/s): enough for every table to move visibly in
 * the live view and the lake, little enough to leave this 2-core machine to the pipeline itself.
 */
export const upSimulateRate = 50;

export interface SimulateArgs {
  rate?: string;
  duration?: string;
  changes?: string;
  tenants?: string;
  seed?: string;
  connections?: string;
}

const units: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** The command line's text options as simulate() options; every problem is named at once. */
export function parseSimulateArgs(args: SimulateArgs): Omit<SimulateOptions, 'signal'> {
  const problems: string[] = [];
  const number = (name: string, text: string | undefined, whole: boolean): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || (whole && !Number.isInteger(value)) || value <= 0) {
      problems.push(
        `--${name}: expected ${whole ? 'a whole number' : 'a number'} above 0, got ${JSON.stringify(text)}`,
      );
      return undefined;
    }
    return value;
  };
  const rate = number('rate', args.rate, false);
  if (args.rate === undefined)
    problems.push('--rate: required, in row changes per second (e.g. --rate 2000)');
  const changes = number('changes', args.changes, true);
  const connections = number('connections', args.connections, true);
  let durationMs: number | undefined;
  if (args.duration !== undefined) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(args.duration.trim());
    const ms = match ? Number(match[1]) * (units[match[2] ?? 's'] ?? 1000) : Number.NaN;
    if (!(ms > 0))
      problems.push(`--duration: expected a time like 90s, 10m or 1h, got ${JSON.stringify(args.duration)}`);
    else durationMs = ms;
  }
  let seed: number | undefined;
  if (args.seed !== undefined) {
    seed = Number(args.seed);
    if (!Number.isSafeInteger(seed))
      problems.push(`--seed: expected a whole number, got ${JSON.stringify(args.seed)}`);
  }
  let tenants: number | string[] | undefined;
  if (args.tenants !== undefined) {
    tenants = /^\d+$/.test(args.tenants.trim())
      ? number('tenants', args.tenants.trim(), true)
      : args.tenants
          .split(',')
          .map((t) => t.trim())
          .filter((t) => t.length > 0);
    if (Array.isArray(tenants) && tenants.length === 0)
      problems.push('--tenants: expected a count or tenant ids, got nothing');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    rate: rate as number,
    ...(durationMs !== undefined && { durationMs }),
    ...(changes !== undefined && { changes }),
    ...(tenants !== undefined && { tenants }),
    ...(seed !== undefined && { seed }),
    ...(connections !== undefined && { connections }),
  };
}
