import type { IHeaders } from 'kafkajs';
import type { OutgoingRecord } from './exactly-once';

/**
 * What a record weighs on the wire when it travels alone, counted as Kafka counts it against a
 * topic's `max.message.bytes`: the broker refuses any record batch above it, whatever its records
 * (`UnifiedLog.analyzeAndValidateRecords`). Record batch v2 (KIP-98): a 61-byte batch header, then
 * per record a length, attributes, timestamp and offset deltas (at most 21 bytes as varints), the
 * key and value with their lengths, and each header's name and value with their lengths. Varints
 * are counted at their widest, so this is an upper bound: a record it admits is never refused.
 */
export const batchOverheadBytes = 61;
const recordOverheadBytes = 21;
const varint = 5;

export function recordSize(record: OutgoingRecord): number {
  return (
    batchOverheadBytes +
    recordOverheadBytes +
    varint +
    byteLength(record.key) +
    varint +
    byteLength(record.value) +
    varint +
    headersSize(record.headers)
  );
}

function headersSize(headers: IHeaders | undefined): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(headers ?? {})) {
    // An array value is sent as one header per element, each repeating the name.
    for (const one of Array.isArray(value) ? value : [value]) {
      bytes += varint + Buffer.byteLength(name) + varint + byteLength(one ?? null);
    }
  }
  return bytes;
}

const byteLength = (bytes: Buffer | string | null | undefined) =>
  bytes === null || bytes === undefined
    ? 0
    : typeof bytes === 'string'
      ? Buffer.byteLength(bytes)
      : bytes.length;
