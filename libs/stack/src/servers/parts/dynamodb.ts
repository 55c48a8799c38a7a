import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { StackConfig } from '../../config';
import { ensureCached, mavenCopyDependencies, run } from '../install';
import type { StackPart } from '../part';

const version = '3.1.0';

export function localDynamoDbClient(config: StackConfig): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: `http://${config.host}:${config.ports.dynamodb}`,
    region: config.s3.region,
    credentials: { accessKeyId: 'lakestream', secretAccessKey: 'lakestream-local-secret' },
  });
}

export const dynamodbPart: StackPart = {
  name: 'dynamodb',
  version: `DynamoDB Local ${version}`,
  cacheKey: `dynamodb-local-${version}`,
  dependsOn: [],
  readyTimeoutMs: 30_000,
  ports: (config) => [config.ports.dynamodb],
  address: (config) => `http://${config.host}:${config.ports.dynamodb}`,

  async install(ctx) {
    await ensureCached(
      ctx.cacheDir,
      ctx.progress,
      `DynamoDB Local ${version} from Maven Central`,
      async (tmp) => {
        await mavenCopyDependencies(join(ctx.resourceDir, 'pom.xml'), `${tmp}/lib`);
        // DynamoDB Local has no bind-address flag; this launcher binds its Jetty to loopback.
        await run('javac', [
          '-cp',
          `${tmp}/lib/*`,
          '-d',
          `${tmp}/launcher`,
          join(ctx.resourceDir, 'LoopbackDynamoDb.java'),
        ]);
      },
    );
  },

  async prepare(ctx) {
    mkdirSync(join(ctx.stateDir, 'data'), { recursive: true });
  },

  process: (ctx) => ({
    command: 'java',
    args: [
      '-Xms64m',
      '-Xmx512m',
      // SQLite's native library from the cache, so no copy is extracted to /tmp on every start
      // (and left there after a kill -9).
      `-Dorg.sqlite.lib.path=${ctx.cacheDir}/lib`,
      '-Dorg.sqlite.lib.name=libsqlite4java-linux-amd64-1.0.392.so',
      '-cp',
      `${ctx.cacheDir}/lib/*:${ctx.cacheDir}/launcher`,
      'LoopbackDynamoDb',
      '-sharedDb',
      '-dbPath',
      join(ctx.stateDir, 'data'),
      '-port',
      String(ctx.config.ports.dynamodb),
      '-disableTelemetry',
    ],
  }),

  async probe(ctx) {
    const client = localDynamoDbClient(ctx.config);
    try {
      await client.send(new ListTablesCommand({}));
      return true;
    } finally {
      client.destroy();
    }
  },
};
