import { GlueClient } from '@aws-sdk/client-glue';
import type { WarehouseStorage } from '@lakestream/storage';
import { z } from 'zod';
import type { Catalog } from './catalog';
import { fileCatalog } from './file-catalog';
import { glueCatalog } from './glue-catalog';

/**
 * The catalog settings of a process that reads or writes the lake: the file catalog in the warehouse
 * (the embedded default) or AWS Glue, for Athena. Credentials come from the SDK's own chain.
 */
export const catalogEnvShape = {
  LAKESTREAM_CATALOG: z.enum(['file', 'glue'], { error: 'expected file or glue' }).default('file'),
  /** A local Glue API server (moto in server mode, for tests); unset in AWS. */
  GLUE_ENDPOINT: z.url({ error: 'expected the URL of a Glue endpoint' }).optional(),
  /** Another account's Data Catalog; the caller's own unless set. */
  GLUE_CATALOG_ID: z
    .string()
    .regex(/^\d{12}$/, { error: 'expected a 12-digit AWS account id' })
    .optional(),
};

export interface CatalogSettings {
  LAKESTREAM_CATALOG: 'file' | 'glue';
  GLUE_ENDPOINT?: string | undefined;
  GLUE_CATALOG_ID?: string | undefined;
  AWS_REGION: string;
}

/** The catalog the settings name, over the warehouse storage, and how to close its client. */
export function catalogFromSettings(
  storage: WarehouseStorage,
  settings: CatalogSettings,
  now?: () => number,
): { catalog: Catalog; close(): void } {
  if (settings.LAKESTREAM_CATALOG === 'file')
    return { catalog: fileCatalog(storage, now ? { now } : {}), close: () => undefined };
  const glue = new GlueClient({
    region: settings.AWS_REGION,
    ...(settings.GLUE_ENDPOINT ? { endpoint: settings.GLUE_ENDPOINT } : {}),
  });
  return {
    catalog: glueCatalog({
      storage,
      glue,
      ...(settings.GLUE_CATALOG_ID ? { catalogId: settings.GLUE_CATALOG_ID } : {}),
      ...(now ? { now } : {}),
    }),
    close: () => glue.destroy(),
  };
}
