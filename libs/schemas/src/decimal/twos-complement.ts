/**
 * Big-endian two's-complement bytes of an integer: how the Avro spec's decimal logical type stores the
 * unscaled value ("the two's-complement representation of the unscaled integer value in big-endian byte
 * order"), and so Kafka Connect's Decimal, Parquet's FIXED_LEN_BYTE_ARRAY decimals and Iceberg's
 * single-value decimal bounds (spec Appendix D). Minimal length, like Java's BigInteger.toByteArray(),
 * which the Java Avro library and Iceberg write.
 */
export function toTwosComplement(value: bigint): Buffer {
  // Most unscaled values fit six bytes: Number arithmetic there, BigInt only beyond (it allocates).
  if (value >= -SIX_BYTES && value < SIX_BYTES) {
    const n = Number(value);
    let length = 1;
    while (n < -(2 ** (8 * length - 1)) || n >= 2 ** (8 * length - 1)) length++;
    const bytes = Buffer.allocUnsafe(length);
    bytes.writeIntBE(n, 0, length);
    return bytes;
  }
  let length = 1;
  while (value < -(1n << BigInt(8 * length - 1)) || value >= 1n << BigInt(8 * length - 1)) length++;
  const bytes = Buffer.alloc(length);
  let rest = BigInt.asUintN(8 * length, value);
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

/** 2^47: a two's complement of at most six bytes holds [-2^47, 2^47). */
const SIX_BYTES = 1n << 47n;

/** The integer in big-endian two's-complement bytes, of any length; no bytes at all read as 0. */
export function fromTwosComplement(bytes: Uint8Array): bigint {
  if (bytes.length > 0 && bytes.length <= 6) {
    return BigInt(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).readIntBE(0, bytes.length));
  }
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return BigInt.asIntN(8 * bytes.length, value);
}

/**
 * The fewest bytes whose two's complement holds every unscaled value of a decimal precision: the
 * length of a fixed decimal (Iceberg spec, Parquet appendix: 9 bytes for precision 19..21, 16 for 38).
 */
export function twosComplementLength(precision: number): number {
  const largest = 10n ** BigInt(precision) - 1n;
  let bytes = 1;
  while (largest > 2n ** BigInt(8 * bytes - 1) - 1n) bytes += 1;
  return bytes;
}
