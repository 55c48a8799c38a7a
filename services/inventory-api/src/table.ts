import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { tableDefaults } from './items';

interface NoteLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface EnsureTableOptions {
  gsiName?: string;
  log?: NoteLog;
  timeoutMs?: number;
}

/**
 * Creates the single table of items.ts if it is absent (on-demand capacity; pk/sk strings; GSI1 on
 * gsi1pk S / gsi1sk N with every attribute projected), waits until it is ACTIVE and turns on TTL on
 * `expiresAt`, which removes tombstones. Idempotent: an existing table is only awaited.
 */
export async function ensureInventoryTable(
  client: DynamoDBClient,
  name: string,
  options: EnsureTableOptions = {},
): Promise<void> {
  const gsiName = options.gsiName ?? tableDefaults.gsi;
  if (!(await describe(client, name))) {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
            { AttributeName: 'gsi1pk', AttributeType: 'S' },
            { AttributeName: 'gsi1sk', AttributeType: 'N' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: gsiName,
              KeySchema: [
                { AttributeName: 'gsi1pk', KeyType: 'HASH' },
                { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      );
      options.log?.info({ event: 'table_created', table: name }, 'DynamoDB table created');
    } catch (error) {
      // Another instance created it between our describe and create: that is the same outcome.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  await waitActive(client, name, options.timeoutMs ?? 120_000);
  await enableTtl(client, name, options.log);
}

async function describe(client: DynamoDBClient, name: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function waitActive(client: DynamoDBClient, name: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describe(client, name);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((gsi) => gsi.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() >= deadline) throw new Error(`table ${name} not ACTIVE after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function enableTtl(client: DynamoDBClient, name: string, log?: NoteLog) {
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );
  } catch (error) {
    const message = (error as Error).message ?? '';
    // Already on (a second call says so), or an emulator without TTL: tombstones then stay, which
    // only costs storage; the API hides them either way.
    if (/already enabled/i.test(message)) return;
    log?.warn(
      { event: 'ttl_not_enabled', table: name, err: error },
      'could not enable TTL on expiresAt; tombstones will not expire',
    );
  }
}
