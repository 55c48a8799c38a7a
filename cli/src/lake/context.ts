import type { S3Client } from '@aws-sdk/client-s3';
import { type Catalog, fileCatalog, type TableIdentifier } from '@lakestream/iceberg';
import type { LakeS3Access } from '@lakestream/lake';
import { ConfigError, localS3Client, type StackConfig } from '@lakestream/stack';
import { type WarehouseStorage, warehouseS3Client, warehouseStorage } from '@lakestream/storage';
import { glueCatalogFromEnv } from './glue-env';

// Where the lake commands find the lake. With no variable set: the warehouse `lakestream up` writes,
// `s3://<bucket>/lake` on the local stack's S3 server, with the stack's credentials. Otherwise:
// LAKESTREAM_WAREHOUSE (an absolute folder or s3://bucket/prefix), S3_ENDPOINT (a local S3 server;
// unset in AWS, where the SDK's credential chain applies), LAKESTREAM_CATALOG (file or glue).

export interface LakeContext {
  warehouse: string;
  storage: WarehouseStorage;
  catalog: Catalog;
  s3?: LakeS3Access;
  cache: string;
  close(): void;
}

export function lakeContext(stack: StackConfig, env: NodeJS.ProcessEnv = process.env): LakeContext {
  const local = env.LAKESTREAM_WAREHOUSE === undefined && env.S3_ENDPOINT === undefined;
  const warehouse = env.LAKESTREAM_WAREHOUSE ?? `s3://${stack.s3.warehouseBucket}/lake`;
  if (!/^s3a?:\/\/[^/]+/.test(warehouse) && !warehouse.startsWith('/'))
    throw new ConfigError([
      `LAKESTREAM_WAREHOUSE: expected an absolute folder or s3://bucket/prefix, not ${warehouse}`,
    ]);
  let client: S3Client | undefined;
  const s3Client = () => {
    client ??= local
      ? localS3Client(stack)
      : warehouseS3Client({
          region: env.AWS_REGION ?? 'us-east-1',
          ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
          forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true' || env.S3_ENDPOINT !== undefined,
        });
    return client;
  };
  const storage = warehouseStorage(warehouse, s3Client);
  const onS3 = warehouse.startsWith('s3');
  const s3: LakeS3Access | undefined = !onS3
    ? undefined
    : local
      ? {
          endpoint: `http://${stack.host}:${stack.ports.s3}`,
          region: stack.s3.region,
          accessKeyId: stack.s3.accessKeyId,
          secretAccessKey: stack.s3.secretAccessKey,
          pathStyle: true,
        }
      : {
          ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
          region: env.AWS_REGION ?? 'us-east-1',
          ...(env.AWS_ACCESS_KEY_ID ? { accessKeyId: env.AWS_ACCESS_KEY_ID } : {}),
          ...(env.AWS_SECRET_ACCESS_KEY ? { secretAccessKey: env.AWS_SECRET_ACCESS_KEY } : {}),
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          pathStyle: env.S3_FORCE_PATH_STYLE === 'true' || env.S3_ENDPOINT !== undefined,
        };
  const kind = env.LAKESTREAM_CATALOG ?? 'file';
  if (kind !== 'file' && kind !== 'glue')
    throw new ConfigError([`LAKESTREAM_CATALOG: expected file or glue, not ${kind}`]);
  const glue = kind === 'glue' ? glueCatalogFromEnv(storage, env) : undefined;
  return {
    warehouse,
    storage,
    catalog: glue?.catalog ?? fileCatalog(storage),
    ...(s3 ? { s3 } : {}),
    cache: stack.cache,
    close() {
      client?.destroy();
      glue?.close();
    },
  };
}

/** `orders` (namespace globalmart) or `ns.orders`. */
export function tableIdentifier(text: string, namespace = 'globalmart'): TableIdentifier {
  const parts = text.split('.');
  const name = parts.pop() ?? '';
  if (!/^[A-Za-z0-9_]+$/.test(name) || parts.some((p) => !/^[A-Za-z0-9_]+$/.test(p)))
    throw new ConfigError([`table ${text}: expected <table> or <namespace>.<table>`]);
  return { namespace: parts.length > 0 ? parts : [namespace], name };
}
