import { isAbsolute } from 'node:path';
import { catalogEnvShape } from '@lakestream/iceberg';
import { deadLetterEnvShape } from '@lakestream/kafka';
import { envBrokers, envPort, parseEnv } from '@lakestream/runtime';
import { changesTopic, enrichedTopic, TABLES } from '@lakestream/schemas';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

export const sinkEnvSchema = z.object({
  KAFKA_BROKERS: envBrokers('127.0.0.1:9092'),
  SCHEMA_REGISTRY_URL: z
    .url({ error: 'expected the URL of a Confluent-compatible API' })
    .default('http://127.0.0.1:8081/apis/ccompat/v7'),
  /** An absolute folder (the embedded default) or s3://bucket/prefix. */
  LAKESTREAM_WAREHOUSE: z
    .string()
    .refine((w) => /^s3a?:\/\/[^/]+/.test(w) || isAbsolute(w), {
      error: 'expected an absolute folder or s3://bucket/prefix',
    })
    .default(`${process.env.HOME ?? '/tmp'}/.local/state/lakestream/warehouse`),
  /** The Iceberg namespace: tables live at <warehouse>/<namespace>/<table>/. */
  LAKE_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, { error: 'expected a lower-case identifier' })
    .default('globalmart'),
  /**
   * Input topics are <prefix><entity>: the enricher's output (PII as tokens, derived columns). An
   * existing lake fed by lakestream.changes. moves with the cut-over (cutover-main.ts).
   */
  INPUT_TOPIC_PREFIX: z.string().min(1).default(enrichedTopic('')),
  /** Comma-separated entities; each becomes <entity>_changes and <entity>. */
  ENTITIES: z
    .string()
    .default(TABLES.join(','))
    .transform((s) =>
      s
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'entities are lower-case identifiers' })).min(1),
    ),
  GROUP_ID: z.string().min(1).default('lakestream-lake-sink'),
  /** Where a record that can never become a row goes, with the reason (headers as cdc-ingest's). */
  DLQ_TOPIC: z.string().min(1).default('lakestream.dlq'),
  /** Where a record too large for the dead-letter topic is stored (S3 settings below), and the limit override. */
  ...deadLetterEnvShape,
  /** A commit every this many seconds, or sooner when the rows or bytes below are buffered. */
  COMMIT_INTERVAL_SECONDS: z.coerce.number().positive().default(5),
  COMMIT_MAX_ROWS: positiveInt.default(200_000),
  COMMIT_MAX_BYTES: positiveInt.default(128 * 1024 * 1024),
  /** Where the live-row indexes are checkpointed; they are rebuilt from the table when absent. */
  STATE_DIR: z
    .string()
    .refine(isAbsolute, { error: 'expected an absolute folder' })
    .default(`${process.env.HOME ?? '/tmp'}/.local/state/lakestream/lake-sink`),
  INDEX_CHECKPOINT_SECONDS: positiveInt.default(60),
  /**
   * How long a partial history row can still be replaced by its re-emission (enriched input): longer
   * than the enricher's ENRICH_LATE_WINDOW_SECONDS (900), since the two clocks differ.
   */
  REEMISSION_WINDOW_SECONDS: positiveInt.default(1800),
  /** Worker threads that encode Parquet beside the consumer; 0 encodes on the main thread. */
  ENCODE_THREADS: z.coerce.number().int().min(0).max(64).default(1),
  /** S3 endpoint for a local S3 server; unset in AWS. */
  S3_ENDPOINT: z.url({ error: 'expected the URL of an S3 endpoint' }).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false'], { error: 'expected true or false' }).default('false'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  ...catalogEnvShape,
  HTTP_PORT: envPort(9466),
  SHUTDOWN_DEADLINE_MS: positiveInt.default(25_000),
});

export type SinkConfig = z.infer<typeof sinkEnvSchema>;

export const loadSinkConfig = (env: NodeJS.ProcessEnv = process.env): SinkConfig =>
  parseEnv(sinkEnvSchema, env);

/** The cut-over (cutover-main.ts): the sink's own settings, INPUT_TOPIC_PREFIX naming where it goes. */
export const cutoverEnvSchema = sinkEnvSchema.extend({
  /** Where the tables were fed from. */
  CUTOVER_FROM_PREFIX: z.string().min(1).default(changesTopic('')),
  /** The enricher's group, whose progress on the changes topics the cut-over waits for. */
  ENRICHER_GROUP_ID: z.string().min(1).default('lakestream-enricher'),
  CUTOVER_WAIT_SECONDS: positiveInt.default(600),
  CUTOVER_DRY_RUN: z.enum(['true', 'false'], { error: 'expected true or false' }).default('false'),
});

export type CutoverConfig = z.infer<typeof cutoverEnvSchema>;

export const loadCutoverConfig = (env: NodeJS.ProcessEnv = process.env): CutoverConfig =>
  parseEnv(cutoverEnvSchema, env);
