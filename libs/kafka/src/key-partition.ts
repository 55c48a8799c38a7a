/**
 * The partition a keyed record lands on with the Java client's default partitioner (and kafkajs's
 * `Partitioners.DefaultPartitioner`, which every producer here uses): murmur2 of the key bytes, made
 * positive, modulo the partition count (Kafka `Utils.murmur2` / `BuiltInPartitioner`). Sinks use it
 * to tell which keys a partition holds, e.g. to apply a truncate to that partition's keys only.
 */
export function keyPartition(key: Buffer | string, partitions: number): number {
  return (murmur2(typeof key === 'string' ? Buffer.from(key, 'utf8') : key) & 0x7fffffff) % partitions;
}

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 (clients/src/main/java/org/apache/kafka/common/utils/Utils.java), in 32-bit math. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k =
      (data[i] ?? 0) | ((data[i + 1] ?? 0) << 8) | ((data[i + 2] ?? 0) << 16) | ((data[i + 3] ?? 0) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The Java original's switch falls through from 3 to 1.
  const rest = length % 4;
  if (rest === 3) h ^= (data[whole + 2] ?? 0) << 16;
  if (rest >= 2) h ^= (data[whole + 1] ?? 0) << 8;
  if (rest >= 1) h = Math.imul(h ^ (data[whole] ?? 0), M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}
