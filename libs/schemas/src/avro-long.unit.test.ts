import * as avro from 'avsc';
import { bigintLong } from './avro-long';

describe('bigintLong', () => {
  const type = avro.Type.forSchema(
    { type: 'record', name: 'Source', fields: [{ name: 'ts_ns', type: 'long' }] },
    { registry: { long: bigintLong } },
  );

  it('round-trips a nanosecond timestamp beyond 2^53 without losing a digit', () => {
    const tsNs = 1_795_424_000_123_456_789n;
    expect(tsNs > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(type.fromBuffer(type.toBuffer({ ts_ns: tsNs }))).toEqual({ ts_ns: tsNs });
  });

  it('accepts a safe integer when encoding and decodes it as a bigint', () => {
    expect(type.fromBuffer(type.toBuffer({ ts_ns: 42 }))).toEqual({ ts_ns: 42n });
  });

  it('decodes bytes written by the standard long encoding', () => {
    const plain = avro.Type.forSchema({
      type: 'record',
      name: 'Source',
      fields: [{ name: 'ts_ns', type: 'long' }],
    });
    expect(type.fromBuffer(plain.toBuffer({ ts_ns: -123456789 }))).toEqual({ ts_ns: -123456789n });
  });
});
