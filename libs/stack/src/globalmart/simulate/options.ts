import { ConfigError } from '@lakestream/runtime';
import { z } from 'zod';

export const simulateOptionsSchema = z.object({
  /** Target rate in row changes per second (binlog row events, not statements). */
  rate: z
    .number({ error: 'expected a number of changes per second' })
    .positive('expected a rate above 0')
    .finite(),
  /** Stop after this long; with neither this nor `changes`, run until the signal aborts. */
  durationMs: z.number().positive('expected a duration above 0').optional(),
  /** Stop once this many row changes were sent. */
  changes: z
    .number()
    .int('expected a whole number')
    .positive('expected a number of changes above 0')
    .optional(),
  /** The first N seeded tenants, or tenants by id; default every seeded tenant in the database. */
  tenants: z
    .union([
      z.number().int('expected a whole number').positive('expected at least 1 tenant'),
      z.array(z.string().min(1, 'expected a tenant id')).min(1, 'expected at least 1 tenant'),
    ])
    .optional(),
  seed: z.number().int('expected a whole number').default(1),
  /** Transactions in flight at once, each on its own connection. */
  connections: z.number().int().min(1).max(64, 'expected at most 64 connections').default(8),
  progressIntervalMs: z.number().positive().default(5000),
  signal: z.instanceof(AbortSignal).optional(),
});

export type SimulateOptions = z.input<typeof simulateOptionsSchema>;
export type SimulateConfig = z.output<typeof simulateOptionsSchema>;

/** Validates options once, naming every bad one. */
export function parseSimulateOptions(options: SimulateOptions): SimulateConfig {
  const parsed = simulateOptionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || 'options';
      const got = issue.path[0] === undefined ? options : options[issue.path[0] as keyof SimulateOptions];
      return `${name}: ${issue.message}, got ${got === undefined ? 'nothing' : JSON.stringify(got)}`;
    }),
  );
}
