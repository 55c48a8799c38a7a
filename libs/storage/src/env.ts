import { isAbsolute } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { warehouseS3Client } from './s3-client';

/** A location `warehouseStorage` accepts: an absolute folder or `s3://bucket/prefix`. */
export const envLocation = (fallback: string) =>
  z
    .string()
    .refine((location) => /^s3a?:\/\/[^/]+/.test(location) || isAbsolute(location), {
      error: 'expected an absolute folder or s3://bucket/prefix',
    })
    .default(fallback);

/**
 * The S3 settings of a process with a location on S3. Credentials are not among them: the SDK's
 * own chain finds them (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY locally, the pod's role in AWS).
 */
export const s3EnvShape = {
  /** A local S3 server's URL; unset in AWS. */
  S3_ENDPOINT: z.url({ error: 'expected the URL of an S3 endpoint' }).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false'], { error: 'expected true or false' }).default('false'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
};

export interface S3Settings {
  S3_ENDPOINT?: string | undefined;
  S3_FORCE_PATH_STYLE: 'true' | 'false';
  AWS_REGION: string;
}

/**
 * One S3 client for every location of a process, built the first time a location on S3 needs it
 * (a process whose locations are all local folders never builds one), and closed once.
 */
export function lazyS3Client(settings: S3Settings) {
  let client: S3Client | undefined;
  return {
    get(): S3Client {
      client ??= warehouseS3Client({
        region: settings.AWS_REGION,
        ...(settings.S3_ENDPOINT ? { endpoint: settings.S3_ENDPOINT } : {}),
        forcePathStyle: settings.S3_FORCE_PATH_STYLE === 'true',
      });
      return client;
    },
    async close(): Promise<void> {
      client?.destroy();
      client = undefined;
    },
  };
}
