import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, HeadBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import type { StackConfig } from '../../config';
import { ensureCached, run } from '../install';
import type { StackPart } from '../part';

// v1.8.0, not earlier: v1.7.0 let several concurrent `If-None-Match: *` puts of one key succeed,
// which would break the lake's atomic commits (see INFRA.md).
const version = 'v1.8.0';

export function localS3Client(config: StackConfig): S3Client {
  return new S3Client({
    endpoint: `http://${config.host}:${config.ports.s3}`,
    region: config.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: config.s3.accessKeyId, secretAccessKey: config.s3.secretAccessKey },
  });
}

export const s3Part: StackPart = {
  name: 's3',
  version: `versitygw ${version}`,
  cacheKey: `versitygw-${version}`,
  dependsOn: [],
  readyTimeoutMs: 20_000,
  ports: (config) => [config.ports.s3],
  address: (config) => `http://${config.host}:${config.ports.s3}`,

  async install(ctx) {
    await ensureCached(ctx.cacheDir, ctx.progress, `versitygw ${version} (go install, ~1.5 min)`, (tmp) =>
      run('go', ['install', `github.com/versity/versitygw/cmd/versitygw@${version}`], {
        env: { GOBIN: join(tmp, 'bin'), CGO_ENABLED: '0' },
      }).then(() => undefined),
    );
  },

  async prepare(ctx) {
    mkdirSync(join(ctx.stateDir, 'buckets'), { recursive: true });
  },

  process: (ctx) => ({
    command: join(ctx.cacheDir, 'bin', 'versitygw'),
    // versitygw rejects a relative bucket root, so the path is always absolute.
    args: [
      '--port',
      `${ctx.config.host}:${ctx.config.ports.s3}`,
      '--quiet',
      'posix',
      join(ctx.stateDir, 'buckets'),
    ],
    env: { ROOT_ACCESS_KEY: ctx.config.s3.accessKeyId, ROOT_SECRET_KEY: ctx.config.s3.secretAccessKey },
  }),

  async probe(ctx) {
    const client = localS3Client(ctx.config);
    try {
      await client.send(new ListBucketsCommand({}));
      return true;
    } finally {
      client.destroy();
    }
  },

  async provision(ctx) {
    const client = localS3Client(ctx.config);
    const Bucket = ctx.config.s3.warehouseBucket;
    try {
      await client
        .send(new HeadBucketCommand({ Bucket }))
        .catch(() => client.send(new CreateBucketCommand({ Bucket })));
    } finally {
      client.destroy();
    }
  },
};
