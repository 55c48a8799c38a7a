import { parentPort } from 'node:worker_threads';
import { IcebergError } from '../errors';
import { encodeDataFile } from './encode';

// The body of an encoder thread (./pool.ts): encodes one data file per message, and hands the bytes
// back by transfer, not by copy.

export interface EncodeRequest {
  id: number;
  schema: Parameters<typeof encodeDataFile>[0];
  rows: Parameters<typeof encodeDataFile>[1];
}

const port = parentPort;
if (!port) throw new Error('encode-worker runs as a worker thread only');
port.on('message', async ({ id, schema, rows }: EncodeRequest) => {
  try {
    const encoded = await encodeDataFile(schema, rows);
    port.postMessage({ id, encoded }, [encoded.bytes.buffer as ArrayBuffer]);
  } catch (error) {
    const code = error instanceof IcebergError ? error.code : undefined;
    port.postMessage({ id, error: { message: (error as Error).message, code } });
  }
});
