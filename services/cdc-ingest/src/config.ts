import { deadLetterEnvShape, transactionalEnvShape } from '@lakestream/kafka';
import { envBrokers, envPort, parseEnv } from '@lakestream/runtime';
import { s3EnvShape } from '@lakestream/storage';
import { z } from 'zod';

const regex = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((text) => {
      try {
        new RegExp(text);
        return true;
      } catch {
        return false;
      }
    }, 'expected a regular expression')
    .transform((text) => new RegExp(text));

export const ingestEnvSchema = z.object({
  KAFKA_BROKERS: envBrokers('127.0.0.1:9092'),
  SCHEMA_REGISTRY_URL: z
    .url({ error: 'expected the URL of a Confluent-compatible API' })
    .default('http://127.0.0.1:8081/apis/ccompat/v7'),
  /** Raw CDC topics: Debezium's `<prefix>.<db>.<table>` or a DMS target topic per table. */
  SOURCE_TOPIC_PATTERN: regex('^globalmart\\.globalmart\\.[a-z_]+$'),
  /** How often new topics matching the pattern are looked for (a table Debezium starts capturing). */
  TOPIC_DISCOVERY_MS: z.coerce.number().int().positive().default(30_000),
  SOURCE_FORMAT: z
    .enum(['auto', 'debezium', 'dms'], { error: 'expected auto, debezium or dms' })
    .default('auto'),
  /** Debezium's `topic.prefix`; the topic of that exact name carries DDL, not row changes. */
  DEBEZIUM_TOPIC_PREFIX: z.string().min(1).default('globalmart'),
  /** The database whose tables are GlobalMart's: Debezium `source.db`, DMS `schema-name`. */
  SOURCE_DATABASE: z.string().min(1).default('globalmart'),
  /** DMS BeforeImageSettings.FieldName: the attribute holding an update's old row. */
  DMS_BEFORE_IMAGE_FIELD: z.string().min(1).default('before-image'),
  /** The `column-prefix` of a DMS `add-before-image-columns` rule: old values as `<prefix><column>`. */
  DMS_BEFORE_IMAGE_PREFIX: z.string().min(1).default('BI_'),
  CHANGES_TOPIC_PREFIX: z.string().min(1).default('lakestream.changes.'),
  DLQ_TOPIC: z.string().min(1).default('lakestream.dlq'),
  /** Where a record too large for the dead-letter topic is stored, and the size limit override. */
  ...deadLetterEnvShape,
  /** For a CLAIM_CHECK_LOCATION on S3. */
  ...s3EnvShape,
  GROUP_ID: z.string().min(1).default('lakestream-cdc-ingest'),
  ...transactionalEnvShape,
  HTTP_PORT: envPort(9464),
  SHUTDOWN_DEADLINE_MS: z.coerce.number().int().positive().default(25_000),
});

export type IngestConfig = z.infer<typeof ingestEnvSchema>;

export const loadIngestConfig = (env: NodeJS.ProcessEnv = process.env): IngestConfig =>
  parseEnv(ingestEnvSchema, env);
