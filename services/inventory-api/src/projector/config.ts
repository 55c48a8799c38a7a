import { deadLetterEnvShape } from '@lakestream/kafka';
import { envBrokers, envPort, parseEnv } from '@lakestream/runtime';
import { enrichedTopic } from '@lakestream/schemas';
import { s3EnvShape } from '@lakestream/storage';
import { z } from 'zod';
import { tableDefaults } from '../items';

const topic = (fallback: string) => z.string().min(1).default(fallback);

export const projectorEnvSchema = z.object({
  KAFKA_BROKERS: envBrokers('127.0.0.1:9092'),
  SCHEMA_REGISTRY_URL: z
    .url({ error: 'expected the URL of a Confluent-compatible API' })
    .default('http://127.0.0.1:8081/apis/ccompat/v7'),
  /** Unset in AWS; DynamoDB Local's URL when run locally. */
  DYNAMODB_ENDPOINT: z.url({ error: 'expected the URL of a DynamoDB endpoint' }).optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  DYNAMODB_TABLE: z.string().min(3).max(255).default(tableDefaults.name),
  DYNAMODB_GSI: z.string().min(3).default(tableDefaults.gsi),
  /** Create the table if absent (local runs); in AWS the table comes from infrastructure code. */
  ENSURE_TABLE: z.enum(['true', 'false'], { error: 'expected true or false' }).default('false'),
  /**
   * The input topics: the enricher's output. Items are written by (ordinal, revision), so moving from
   * lakestream.changes.* is only pointing here and reading from the earliest offset (README).
   */
  PRODUCTS_TOPIC: topic(enrichedTopic('products')),
  WAREHOUSES_TOPIC: topic(enrichedTopic('warehouses')),
  INVENTORY_TOPIC: topic(enrichedTopic('inventory')),
  GROUP_ID: z.string().min(1).default('lakestream-inventory-projector'),
  /** Where a change that cannot become an item goes, with the reason (same headers as cdc-ingest). */
  DLQ_TOPIC: z.string().min(1).default('lakestream.dlq'),
  /** Where a change too large for the dead-letter topic is stored, and the size limit override. */
  ...deadLetterEnvShape,
  /** For a CLAIM_CHECK_LOCATION on S3, in AWS_REGION like the table. */
  S3_ENDPOINT: s3EnvShape.S3_ENDPOINT,
  S3_FORCE_PATH_STYLE: s3EnvShape.S3_FORCE_PATH_STYLE,
  /** Item writes in flight per batch (different keys only; one key's changes apply in order). */
  WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** How long a delete's tombstone holds off older redeliveries; keep it above the topics' retention. */
  TOMBSTONE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 24 * 3600),
  HTTP_PORT: envPort(9465),
  SHUTDOWN_DEADLINE_MS: z.coerce.number().int().positive().default(25_000),
});

export type ProjectorConfig = z.infer<typeof projectorEnvSchema>;

export const loadProjectorConfig = (env: NodeJS.ProcessEnv = process.env): ProjectorConfig =>
  parseEnv(projectorEnvSchema, env);
