import { ParquetError } from '../errors';
import { decimalSpec } from './decimal';

describe('decimal types', () => {
  it('reads precision and scale, and refuses what the spec does not allow', () => {
    expect(decimalSpec('decimal(12, 2)')).toEqual({ precision: 12, scale: 2 });
    expect(decimalSpec('decimal(38,0)')).toEqual({ precision: 38, scale: 0 });
    expect(decimalSpec('string')).toBeUndefined();
    expect(() => decimalSpec('decimal(39, 2)')).toThrow(ParquetError);
    expect(() => decimalSpec('decimal(4, 5)')).toThrow(ParquetError);
  });
});
