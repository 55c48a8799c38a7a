import * as avro from 'avsc';
import { avroType } from './options';

const amount = avroType({ type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 });
const rate = avroType({ type: 'bytes', logicalType: 'decimal', precision: 18, scale: 8 });
const plainBytes = avro.Type.forSchema('bytes');

describe('decimal logical type', () => {
  it.each(['12.30', '0.00', '-0.50', '9999999999.99', '-9999999999.99', '0.01', '-1.00'])(
    'round-trips %s exactly',
    (text) => {
      expect(amount.fromBuffer(amount.toBuffer(text))).toBe(text);
    },
  );

  it('keeps exactly the scale: fewer decimals are padded, more integer zeros dropped', () => {
    expect(amount.fromBuffer(amount.toBuffer('12.3'))).toBe('12.30');
    expect(amount.fromBuffer(amount.toBuffer('7'))).toBe('7.00');
    expect(amount.fromBuffer(amount.toBuffer('007.10'))).toBe('7.10');
    expect(rate.fromBuffer(rate.toBuffer('1.0842'))).toBe('1.08420000');
  });

  it('decodes the unscaled bytes that another writer put in a plain bytes field', () => {
    expect(amount.fromBuffer(plainBytes.toBuffer(Buffer.from('ff85', 'hex')))).toBe('-1.23');
    expect(amount.fromBuffer(plainBytes.toBuffer(Buffer.from('04ce', 'hex')))).toBe('12.30');
  });

  it('holds DECIMAL(18,8) values a JS number would round', () => {
    expect(rate.fromBuffer(rate.toBuffer('9999999999.12345678'))).toBe('9999999999.12345678');
  });

  it('refuses more decimals than the scale rather than rounding', () => {
    expect(() => amount.toBuffer('12.345')).toThrow(
      '12.345 does not fit decimal(12,2): 3 decimals, at most 2',
    );
  });

  it('refuses more digits than the precision', () => {
    expect(() => amount.toBuffer('12345678901.00')).toThrow(
      '12345678901.00 does not fit decimal(12,2): 13 digits, at most 12',
    );
    expect(() => amount.toBuffer('-12345678901')).toThrow('13 digits, at most 12');
  });

  it.each([12.3, 12n, null, '1e3', '12,30', ' 12.30', '+1.00', '.5', '1.'])('refuses %p', (value) => {
    expect(() => amount.toBuffer(value)).toThrow(/decimal|plain notation/);
    expect(amount.isValid(value)).toBe(false);
  });

  it('exports its precision and scale with the schema', () => {
    expect(amount.schema({ exportAttrs: true })).toEqual({
      type: 'bytes',
      logicalType: 'decimal',
      precision: 12,
      scale: 2,
    });
  });

  it.each([
    [{ type: 'bytes', logicalType: 'decimal', scale: 2 }, 'positive integer precision'],
    [{ type: 'bytes', logicalType: 'decimal', precision: 2, scale: 3 }, 'scale from 0 to its precision'],
    [{ type: 'string', logicalType: 'decimal', precision: 4, scale: 2 }, 'decimal must annotate bytes'],
  ])('refuses the malformed schema %j', (schema, message) => {
    expect(() => avroType(schema)).toThrow(message);
  });
});
