import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment against a schema of variable names, naming every bad variable with what
 * was expected and what it got, so a misconfigured pod fails at start with one readable message.
 */
export function parseEnv<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  env: NodeJS.ProcessEnv,
): z.infer<z.ZodObject<Shape>> {
  const picked = Object.fromEntries(
    Object.keys(schema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = schema.safeParse(picked);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const got = env[name] === undefined ? 'nothing' : JSON.stringify(env[name]);
      return `${name}: ${issue.message}, got ${got}`;
    }),
  );
}

export const envPort = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a TCP port number' })
    .int('expected a whole number')
    .min(0, 'expected a TCP port 0-65535')
    .max(65535, 'expected a TCP port 0-65535')
    .default(fallback);

/** A comma-separated list of host:port pairs. */
export const envBrokers = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text) => text.split(',').map((b) => b.trim()))
    .refine((list) => list.every((b) => /^[^\s:]+:\d{1,5}$/.test(b)), 'expected host:port[,host:port...]');
