import { type Catalog, catalogEnvShape, catalogFromSettings } from '@lakestream/iceberg';
import { parseEnv } from '@lakestream/runtime';
import type { WarehouseStorage } from '@lakestream/storage';
import { z } from 'zod';

/** LAKESTREAM_CATALOG=glue: the Glue Data Catalog (GLUE_ENDPOINT for a local server, AWS_REGION). */
export function glueCatalogFromEnv(
  storage: WarehouseStorage,
  env: NodeJS.ProcessEnv,
): { catalog: Catalog; close(): void } {
  const settings = parseEnv(
    z.object({ ...catalogEnvShape, AWS_REGION: z.string().min(1).default('us-east-1') }),
    env,
  );
  return catalogFromSettings(storage, settings);
}
