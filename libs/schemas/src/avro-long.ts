import * as avro from 'avsc';

/**
 * Avro `long` decoded as a JavaScript bigint. Debezium's `ts_ns` and `ts_us` exceed 2^53, where a
 * JS number silently rounds and avsc's default long refuses to decode ("potential precision loss").
 * Encoding accepts safe integers too, so producers may pass plain numbers.
 */
export const bigintLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint | number) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (x: number | string | bigint) => BigInt(x),
  toJSON: (n: bigint) => (Number.isSafeInteger(Number(n)) ? Number(n) : n.toString()),
  isValid: (n: unknown) => typeof n === 'bigint' || Number.isSafeInteger(n),
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});
