import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/**
 * An S3 client for the warehouse. A commit of many tables uploads hundreds of small files at once;
 * the SDK's default pool of 50 sockets queues them, so the pool is wider and kept alive.
 */
export function warehouseS3Client(config: S3ClientConfig): S3Client {
  const pool = { keepAlive: true, maxSockets: 256 };
  return new S3Client({
    ...config,
    requestHandler: { httpAgent: new HttpAgent(pool), httpsAgent: new HttpsAgent(pool) },
  });
}
