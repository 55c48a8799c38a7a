import { parseEnv } from '@lakestream/runtime';
import { loadStackConfig } from '@lakestream/stack';
import { z } from 'zod';

// host:port with a DNS name, an IPv4 address or a bracketed IPv6 address.
const hostPort = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?|\[[0-9a-fA-F:.]+\]):(\d{1,5})$/;

const brokerList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z.string().refine((b) => {
          const port = Number(hostPort.exec(b)?.[1]);
          return port >= 1 && port <= 65535;
        }, 'expected host:port'),
      )
      .min(1, 'expected at least one host:port'),
  );

/** The variables `topics` reads besides the stack's; the type is derived so they cannot drift. */
export const topicsEnvSchema = z.object({
  /** Comma-separated bootstrap brokers; without it, the local stack's broker. */
  LAKESTREAM_KAFKA_BROKERS: brokerList.optional(),
  /** Which of the catalog's environments to apply (partition counts, replication, extra configs). */
  LAKESTREAM_TOPICS_ENV: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'expected an environment name from the catalog')
    .default('local'),
});

export interface TopicsConfig {
  brokers: string[];
  /** Whether the brokers are the local stack's (so a refused connection means the stack is down). */
  brokersFrom: 'LAKESTREAM_KAFKA_BROKERS' | 'stack';
  environment: string;
}

/** Reads the environment, naming every bad variable at once; the stack's config only when it is used. */
export function loadTopicsConfig(env: NodeJS.ProcessEnv = process.env): TopicsConfig {
  const parsed = parseEnv(topicsEnvSchema, env);
  const { LAKESTREAM_KAFKA_BROKERS: brokers, LAKESTREAM_TOPICS_ENV: environment } = parsed;
  if (brokers) return { brokers, brokersFrom: 'LAKESTREAM_KAFKA_BROKERS', environment };
  const stack = loadStackConfig(env);
  return { brokers: [`${stack.host}:${stack.ports.kafka}`], brokersFrom: 'stack', environment };
}
