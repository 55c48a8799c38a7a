/**
 * Big-endian two's-complement bytes of an integer, as the Avro spec's decimal logical type stores the
 * unscaled value ("the two's-complement representation of the unscaled integer value in big-endian byte
 * order"). Minimal length, like Java's BigInteger.toByteArray(), which the Java Avro library writes.
 */
export function toTwosComplement(value: bigint): Buffer {
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

/** The integer in big-endian two's-complement bytes; no bytes at all read as 0. */
export function fromTwosComplement(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return BigInt.asIntN(8 * bytes.length, value);
}
