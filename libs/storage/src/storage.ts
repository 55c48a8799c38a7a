import { randomUUID } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';

/**
 * Where tables live: a local folder or an S3 prefix. Locations are what the table metadata records
 * (absolute paths, or s3:// URIs), so readers in other engines open the same strings.
 */
export interface WarehouseStorage {
  /** The warehouse root as a location: `/abs/folder` or `s3://bucket/prefix`. */
  readonly root: string;
  read(location: string): Promise<Uint8Array | undefined>;
  write(location: string, bytes: Uint8Array): Promise<void>;
  /**
   * Creates the object only if nothing is there yet; false when another writer got there first. This is
   * the commit's atomic step (spec "File System Tables" for local disks; S3's If-None-Match: * for S3).
   */
  createExclusive(location: string, bytes: Uint8Array): Promise<boolean>;
  exists(location: string): Promise<boolean>;
  /**
   * One level under a prefix ending with `/`: the files there and the folders (without a trailing
   * `/`), as readdir gives them locally and S3's delimiter listing gives them.
   */
  list(prefix: string): Promise<string[]>;
  /** Every object under a prefix ending with `/`, at any depth, with its size and last change. */
  listTree(prefix: string): Promise<StoredObject[]>;
  /** Removes the object; nothing happens if it is not there (housekeeping deletes what it found). */
  remove(location: string): Promise<void>;
  /** Observes every call's duration, for the S3 latency metrics. */
  readonly calls?: StorageCallObserver;
}

export interface StoredObject {
  location: string;
  size: number;
  /** Last modification, epoch ms: how old a file is for orphan removal. */
  modifiedMs: number;
}

export type StorageCallObserver = (
  call: 'read' | 'write' | 'create' | 'exists' | 'list' | 'remove',
  seconds: number,
  ok: boolean,
) => void;

/**
 * A location under `base`. Empty parts are left out: an unpartitioned table's partition path is
 * empty, and `data//file.parquet` is a path other engines refuse (pyarrow: "Empty path component").
 */
export const joinLocation = (base: string, ...parts: string[]) =>
  [base.replace(/\/+$/, ''), ...parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p !== '')].join(
    '/',
  );

export function localStorage(folder: string): WarehouseStorage {
  if (!isAbsolute(folder)) throw new Error(`the local warehouse must be an absolute path, not ${folder}`);
  const root = folder.replace(/\/+$/, '');
  const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';
  // Other engines record local files as URIs (file:/abs from the reference implementation,
  // file:///abs from pyiceberg); the files are the same.
  const pathOf = (location: string) => (location.startsWith('file:') ? fileURLToPath(location) : location);
  return {
    root,
    async read(location) {
      try {
        return await readFile(pathOf(location));
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
    async write(uri, bytes) {
      const location = pathOf(uri);
      await mkdir(dirname(location), { recursive: true });
      // Written aside and renamed over, so no reader ever sees half a file.
      const aside = `${location}.${randomUUID()}.tmp`;
      await writeFile(aside, bytes);
      await rename(aside, location);
    },
    async createExclusive(uri, bytes) {
      const location = pathOf(uri);
      await mkdir(dirname(location), { recursive: true });
      const aside = `${location}.${randomUUID()}.tmp`;
      await writeFile(aside, bytes);
      try {
        // link(2) fails with EEXIST if the name is taken: an atomic create of a complete file.
        await link(aside, location);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      } finally {
        await rm(aside, { force: true });
      }
    },
    async exists(location) {
      try {
        await stat(pathOf(location));
        return true;
      } catch (error) {
        if (missing(error)) return false;
        throw error;
      }
    },
    async list(uri) {
      const prefix = pathOf(uri);
      try {
        const names = await readdir(prefix);
        return names.filter((n) => !n.endsWith('.tmp')).map((n) => join(prefix, n));
      } catch (error) {
        if (missing(error)) return [];
        throw error;
      }
    },
    async listTree(uri) {
      const found: StoredObject[] = [];
      const walk = async (folder: string) => {
        let entries: Dirent[];
        try {
          entries = await readdir(folder, { withFileTypes: true });
        } catch (error) {
          if (missing(error)) return;
          throw error;
        }
        for (const entry of entries) {
          const path = join(folder, entry.name);
          if (entry.isDirectory()) await walk(path);
          else if (entry.isFile()) {
            // A file removed between the listing and its stat is simply not there any more.
            const info = await stat(path).catch((error: unknown) => {
              if (missing(error)) return undefined;
              throw error;
            });
            if (info) found.push({ location: path, size: info.size, modifiedMs: info.mtimeMs });
          }
        }
      };
      await walk(pathOf(uri).replace(/\/+$/, ''));
      return found;
    },
    async remove(location) {
      await rm(pathOf(location), { force: true });
    },
  };
}

export function s3Storage(client: S3Client, uri: string, calls?: StorageCallObserver): WarehouseStorage {
  const match = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new Error(`not an s3:// location: ${uri}`);
  const bucket = match[1] as string;
  const root = `s3://${bucket}${match[2] ? `/${match[2].replace(/\/+$/, '')}` : ''}`;
  // s3a:// and s3n:// are how Hadoop-based engines (Spark) record the same objects.
  const inBucket = new RegExp(`^s3[an]?://${bucket.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`);
  const keyOf = (location: string) => {
    const match = inBucket.exec(location);
    if (!match) throw new Error(`${location} is outside the warehouse bucket ${bucket}`);
    return location.slice(match[0].length);
  };
  const status = (error: unknown) =>
    error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
  const timed = async <T>(call: Parameters<StorageCallObserver>[0], body: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    let ok = false;
    try {
      const result = await body();
      ok = true;
      return result;
    } finally {
      calls?.(call, (performance.now() - started) / 1000, ok);
    }
  };
  return {
    root,
    calls,
    read: (location) =>
      timed('read', async () => {
        try {
          const reply = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(location) }));
          return await (reply.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
        } catch (error) {
          if (status(error) === 404) return undefined;
          throw error;
        }
      }),
    write: (location, bytes) =>
      timed('write', async () => {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: keyOf(location), Body: bytes }));
      }),
    createExclusive: (location, bytes) =>
      timed('create', async () => {
        try {
          await client.send(
            new PutObjectCommand({ Bucket: bucket, Key: keyOf(location), Body: bytes, IfNoneMatch: '*' }),
          );
          return true;
        } catch (error) {
          // 412: the object exists; 409: a concurrent conditional put of the same key is in progress.
          if (status(error) === 412 || status(error) === 409) return false;
          throw error;
        }
      }),
    exists: (location) =>
      timed('exists', async () => {
        try {
          await client.send(new HeadObjectCommand({ Bucket: bucket, Key: keyOf(location) }));
          return true;
        } catch (error) {
          if (status(error) === 404) return false;
          throw error;
        }
      }),
    list: (prefix) =>
      timed('list', async () => {
        const found: string[] = [];
        let token: string | undefined;
        do {
          const page = await client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: keyOf(prefix),
              Delimiter: '/',
              ContinuationToken: token,
            }),
          );
          for (const object of page.Contents ?? [])
            if (object.Key) found.push(`s3://${bucket}/${object.Key}`);
          for (const folder of page.CommonPrefixes ?? [])
            if (folder.Prefix) found.push(`s3://${bucket}/${folder.Prefix.replace(/\/$/, '')}`);
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return found;
      }),
    listTree: (prefix) =>
      timed('list', async () => {
        const found: StoredObject[] = [];
        let token: string | undefined;
        do {
          const page = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: keyOf(prefix), ContinuationToken: token }),
          );
          for (const object of page.Contents ?? [])
            if (object.Key)
              found.push({
                location: `s3://${bucket}/${object.Key}`,
                size: object.Size ?? 0,
                modifiedMs: object.LastModified?.getTime() ?? 0,
              });
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return found;
      }),
    remove: (location) =>
      timed('remove', async () => {
        // S3 answers 204 whether or not the key existed.
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(location) }));
      }),
  };
}

/** `LAKESTREAM_WAREHOUSE`: an absolute folder or `s3://bucket/prefix`. */
export function warehouseStorage(
  warehouse: string,
  s3: () => S3Client,
  calls?: StorageCallObserver,
): WarehouseStorage {
  return /^s3a?:\/\//.test(warehouse) ? s3Storage(s3(), warehouse, calls) : localStorage(warehouse);
}
