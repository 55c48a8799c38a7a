import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { ConfigError, parseEnv } from '@lakestream/runtime';
import { z } from 'zod';

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a TCP port number' })
    .int('expected a whole number')
    .min(1, 'expected a TCP port 1-65535')
    .max(65535, 'expected a TCP port 1-65535')
    .default(fallback);

const absoluteDir = (fallback: string) =>
  z.string().refine(isAbsolute, 'expected an absolute path').default(fallback);

/** Every variable the local stack reads, with its default; the type is derived so they cannot drift. */
export const stackEnvSchema = z.object({
  LAKESTREAM_HOME: absoluteDir(join(homedir(), '.local', 'state', 'lakestream')),
  LAKESTREAM_CACHE: absoluteDir(join(homedir(), '.cache', 'lakestream')),
  LAKESTREAM_KAFKA_PORT: port(9092),
  LAKESTREAM_KAFKA_CONTROLLER_PORT: port(9093),
  LAKESTREAM_REGISTRY_PORT: port(8081),
  LAKESTREAM_MARIADB_PORT: port(3306),
  LAKESTREAM_CONNECT_PORT: port(8083),
  LAKESTREAM_S3_PORT: port(7070),
  LAKESTREAM_DYNAMODB_PORT: port(8000),
  LAKESTREAM_PROMETHEUS_PORT: port(9090),
  LAKESTREAM_JAVA21_HOME: absoluteDir('/usr/lib/jvm/temurin-25-jdk-amd64'),
  /** Size of the GlobalMart seed loaded into a new source database; 1 is about 60k rows. */
  LAKESTREAM_SEED_SCALE: z.coerce
    .number({ error: 'expected a number' })
    .positive('expected a number above 0')
    .max(100, 'expected at most 100')
    .default(1),
});

export type StackEnv = z.infer<typeof stackEnvSchema>;

export interface StackConfig {
  /** All mutable state (data, logs, pids); `stack down --purge` removes exactly this folder. */
  home: string;
  /** Downloads and builds, keyed by part and version, kept across purges so a second `up` is offline. */
  cache: string;
  host: '127.0.0.1';
  ports: {
    kafka: number;
    kafkaController: number;
    registry: number;
    mariadb: number;
    connect: number;
    s3: number;
    dynamodb: number;
    prometheus: number;
  };
  java21Home: string;
  s3: { accessKeyId: string; secretAccessKey: string; region: string; warehouseBucket: string };
  mariadb: { user: string; password: string; database: string };
  seed: { seed: number; scale: number };
}

export { ConfigError };

/** Reads the stack's configuration from the environment, naming every bad variable at once. */
export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const e = parseEnv(stackEnvSchema, env);
  const ports = {
    kafka: e.LAKESTREAM_KAFKA_PORT,
    kafkaController: e.LAKESTREAM_KAFKA_CONTROLLER_PORT,
    registry: e.LAKESTREAM_REGISTRY_PORT,
    mariadb: e.LAKESTREAM_MARIADB_PORT,
    connect: e.LAKESTREAM_CONNECT_PORT,
    s3: e.LAKESTREAM_S3_PORT,
    dynamodb: e.LAKESTREAM_DYNAMODB_PORT,
    prometheus: e.LAKESTREAM_PROMETHEUS_PORT,
  };
  const clash = findPortClash(ports);
  if (clash) throw new ConfigError([clash]);
  return {
    home: e.LAKESTREAM_HOME,
    cache: e.LAKESTREAM_CACHE,
    host: '127.0.0.1',
    ports,
    java21Home: e.LAKESTREAM_JAVA21_HOME,
    // Fixed local credentials: the stack binds to loopback only, so they guard nothing but mistakes.
    s3: {
      accessKeyId: 'lakestream',
      secretAccessKey: 'lakestream-local-secret',
      region: 'us-east-1',
      warehouseBucket: 'lakestream-warehouse',
    },
    mariadb: { user: 'lakestream', password: 'lakestream', database: 'globalmart' },
    seed: { seed: 20261123, scale: e.LAKESTREAM_SEED_SCALE },
  };
}

function findPortClash(ports: Record<string, number>): string | undefined {
  const seen = new Map<number, string>();
  for (const [part, p] of Object.entries(ports)) {
    const other = seen.get(p);
    if (other) return `ports of ${other} and ${part} are both ${p}; each part needs its own`;
    seen.set(p, part);
  }
  return undefined;
}

/** How a client reaches the GlobalMart source database of the local stack (mysql2 options). */
export function sourceConnectionOptions(config: StackConfig) {
  return {
    host: config.host,
    port: config.ports.mariadb,
    user: config.mariadb.user,
    password: config.mariadb.password,
    database: config.mariadb.database,
  };
}
