import { readFileSync } from 'node:fs';
import { deadLetterEnvShape, transactionalEnvShape } from '@lakestream/kafka';
import { envBrokers, envPort, parseEnv } from '@lakestream/runtime';
import { isTable, microsFromIso, TABLES, type Table } from '@lakestream/schemas';
import { s3EnvShape } from '@lakestream/storage';
import { z } from 'zod';
import type { PiiKey } from './join/pii';

const home = process.env.HOME ?? '/tmp';

/**
 * The local stack's development key, used only when no key is configured (a warning says so at start).
 * Tokens made with it protect nothing: anyone with this repository can recompute them.
 */
export const DEVELOPMENT_PII_KEY = {
  id: 'local-dev',
  secret: 'bGFrZXN0cmVhbS1sb2NhbC1kZXZlbG9wbWVudC1rZXktbm90LWEtc2VjcmV0',
  from: '1970-01-01T00:00:00Z',
};

const piiKeySchema = z.array(
  z.object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,32}$/, 'a key id is 1-32 of A-Za-z0-9._-'),
    /** base64 or base64url, at least 32 bytes. */
    secret: z
      .string()
      .refine((s) => Buffer.from(s, 'base64').length >= 32, 'a secret is at least 32 bytes of base64'),
    /** Start of the key's era, by source commit time. */
    from: z.iso.datetime({ offset: true }),
  }),
);

const piiKeysText = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected JSON: [{"id","secret","from"}]' });
      return z.NEVER;
    }
  })
  .pipe(piiKeySchema.min(1, 'expected at least one key'));

export const enrichEnvSchema = z.object({
  KAFKA_BROKERS: envBrokers('127.0.0.1:9092'),
  SCHEMA_REGISTRY_URL: z
    .url({ error: 'expected the URL of a Confluent-compatible API' })
    .default('http://127.0.0.1:8081/apis/ccompat/v7'),
  CHANGES_TOPIC_PREFIX: z.string().min(1).default('lakestream.changes.'),
  ENRICHED_TOPIC_PREFIX: z.string().min(1).default('lakestream.enriched.'),
  /** The late-reference ledger and arrival markers (compacted; an input and an output of the loop). */
  PENDING_TOPIC: z.string().min(1).default('lakestream.enricher.pending'),
  ENTITIES: z
    .string()
    .default(TABLES.join(','))
    .transform((text) => text.split(',').map((t) => t.trim()))
    .refine((list) => list.every(isTable), `expected comma-separated tables of ${TABLES.join(', ')}`)
    .transform((list) => list as Table[]),
  DLQ_TOPIC: z.string().min(1).default('lakestream.dlq'),
  ...deadLetterEnvShape,
  ...s3EnvShape,
  GROUP_ID: z.string().min(1).default('lakestream-enricher'),
  ...transactionalEnvShape,
  /** The local store (LMDB) of the replicated state; its own checkpoint. One per instance. */
  STATE_DIR: z
    .string()
    .startsWith('/', 'expected an absolute folder')
    .default(`${home}/.local/state/lakestream/enricher`),
  /** How long after its first emission a partial change is emitted again when its reference arrives. */
  ENRICH_LATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** Versions that ended longer ago than this are dropped: the changes topics' retention, what a replay can reach. */
  STATE_RETENTION_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 3600),
  /** How long a trigger waits for the replicated state before its batch is consumed again. */
  STATE_WAIT_MS: z.coerce.number().int().positive().default(30_000),
  /** Newest reference versions cached in the heap in front of LMDB. */
  STATE_CACHE_ENTRIES: z.coerce.number().int().nonnegative().default(50_000),
  /** JSON [{"id","secret" (base64, ≥ 32 bytes),"from" (ISO time)}]; or PII_KEYS_FILE, a file holding it. */
  PII_KEYS: piiKeysText.optional(),
  PII_KEYS_FILE: z.string().startsWith('/', 'expected an absolute file').optional(),
  HTTP_PORT: envPort(9467),
  SHUTDOWN_DEADLINE_MS: z.coerce.number().int().positive().default(25_000),
});

export type EnrichConfig = z.infer<typeof enrichEnvSchema>;

export const loadEnrichConfig = (env: NodeJS.ProcessEnv = process.env): EnrichConfig => {
  const fromFile = env.PII_KEYS_FILE ? readFileSync(env.PII_KEYS_FILE, 'utf8') : undefined;
  return parseEnv(enrichEnvSchema, fromFile ? { ...env, PII_KEYS: fromFile } : env);
};

/** The configured keys, or the development key (`development: true`) when none is. */
export function piiKeys(config: EnrichConfig): { keys: PiiKey[]; development: boolean } {
  const listed = config.PII_KEYS ?? [DEVELOPMENT_PII_KEY];
  return {
    keys: listed.map((k) => ({
      id: k.id,
      secret: Buffer.from(k.secret, 'base64'),
      fromMicros: microsFromIso(k.from),
    })),
    development: config.PII_KEYS === undefined,
  };
}
