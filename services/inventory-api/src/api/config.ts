import { envBrokers, envPort, parseEnv } from '@lakestream/runtime';
import { changesTopic } from '@lakestream/schemas';
import { z } from 'zod';
import { tableDefaults } from '../items';

const tenantPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * `key=tenant,key2=tenant2`: each key at least 16 characters, each tenant an identifier, no key
 * twice (one key is scoped to exactly one tenant). A tenant may have several keys, for rotation.
 */
const envApiKeys = z.string({ error: 'expected key=tenant[,key=tenant...]' }).transform((text, ctx) => {
  const keys = new Map<string, string>();
  for (const pair of text.split(',').map((p) => p.trim())) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at);
    const tenant = pair.slice(at + 1);
    if (at < 0 || key.length < 16 || !tenantPattern.test(tenant) || keys.has(key)) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected key=tenant[,key=tenant...] with unique keys of 16+ characters',
      });
      return z.NEVER;
    }
    keys.set(key, tenant);
  }
  return keys;
});

export const apiEnvSchema = z.object({
  HTTP_PORT: envPort(8080),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  /** Only for DynamoDB Local; in AWS the SDK finds the regional endpoint. */
  DYNAMODB_ENDPOINT: z.url({ error: 'expected a URL' }).optional(),
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region')
    .default('us-east-1'),
  DYNAMODB_TABLE: z.string().min(3).max(255).default(tableDefaults.name),
  DYNAMODB_GSI: z.string().min(3).max(255).default(tableDefaults.gsi),
  API_KEYS: envApiKeys,
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected fatal, error, warn, info, debug, trace or silent',
    })
    .default('info'),
  SHUTDOWN_DEADLINE_MS: z.coerce.number().int().positive().default(25_000),
  /** The stock events consumer (GET /v1/inventory/:sku/events). */
  KAFKA_BROKERS: envBrokers('127.0.0.1:9092'),
  SCHEMA_REGISTRY_URL: z
    .url({ error: 'expected the URL of a Confluent-compatible API' })
    .default('http://127.0.0.1:8081/apis/ccompat/v7'),
  INVENTORY_TOPIC: z.string().min(1).default(changesTopic('inventory')),
  /** Each process consumes in its own group, `<prefix>-<hostname>-<pid>`. */
  STOCK_EVENTS_GROUP_PREFIX: z.string().min(1).default('lakestream-inventory-api'),
});

export type ApiConfig = z.infer<typeof apiEnvSchema>;

export const loadApiConfig = (env: NodeJS.ProcessEnv = process.env): ApiConfig => parseEnv(apiEnvSchema, env);
