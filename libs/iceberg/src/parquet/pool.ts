import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { errorOfCode, type IcebergErrorCode, isIcebergErrorCode } from '../errors';
import type { DataFileEncoder, EncodedDataFile } from '../types';
import type { EncodeRequest } from './encode-worker';

type Reply =
  | { id: number; encoded: EncodedDataFile }
  | { id: number; error: { message: string; code?: IcebergErrorCode } };

export interface EncoderPool {
  encode: DataFileEncoder;
  close(): Promise<void>;
}

/**
 * The compiled worker script. A worker thread runs JavaScript only: from dist/parquet (node) it is the
 * file beside this one; from src/parquet (jest runs the sources through swc) it is the one `tsc -b`
 * built into dist/parquet of the same package.
 */
export function encodeWorkerScript(dir = __dirname): string {
  const candidates = [
    join(dir, 'encode-worker.js'),
    join(dir, '..', '..', 'dist', 'parquet', 'encode-worker.js'),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`no compiled encode-worker.js at ${candidates.join(' or ')}: run tsc -b first`);
  return found;
}

/**
 * Parquet encoding on worker threads. Encoding is most of a commit's CPU; off the main thread it runs
 * beside the consumer's decoding (and the other tables' encodes) on the machine's other cores.
 * `script` defaults to the compiled worker (encodeWorkerScript).
 */
export function encoderPool(threads: number, script = encodeWorkerScript()): EncoderPool {
  const workers = Array.from({ length: threads }, () => new Worker(script));
  const waiting = new Map<number, { resolve: (e: EncodedDataFile) => void; reject: (e: Error) => void }>();
  const load = workers.map(() => 0);
  let nextId = 0;
  workers.forEach((worker, i) => {
    worker.on('message', (reply: Reply) => {
      load[i] = (load[i] ?? 1) - 1;
      const pending = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (!pending) return;
      if ('error' in reply) {
        const { message, code } = reply.error;
        pending.reject(isIcebergErrorCode(code) ? errorOfCode(code, message) : new Error(message));
      } else {
        pending.resolve({ ...reply.encoded, bytes: new Uint8Array(reply.encoded.bytes) });
      }
    });
    worker.on('error', (error) => {
      // A dead encoder fails everything it held; the commit fails and the sink crashes to restart.
      for (const pending of waiting.values()) pending.reject(error);
      waiting.clear();
    });
  });
  return {
    encode: (schema, rows) => {
      // The least busy thread, so one table's large file does not queue another's small one.
      const index = load.indexOf(Math.min(...load));
      load[index] = (load[index] ?? 0) + 1;
      const id = nextId++;
      return new Promise<EncodedDataFile>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const request: EncodeRequest = { id, schema, rows };
        (workers[index] as Worker).postMessage(request);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
