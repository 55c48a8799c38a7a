import { LosslessNumber, stringify } from 'lossless-json';
import { toAttributeValue } from './attribute-value';
import { dynamoCanHold, escapeKey, exactJsonFromAttribute, parseExactJson, unescapeKey } from './exact-json';

describe('dynamoCanHold', () => {
  it.each([
    ['0', true],
    ['-0.000', true],
    ['12345678901234567890', true], // beyond 2^53, but 20 digits
    ['1e-130', true],
    ['9.9999999999999999999999999999999999999E+125', true],
    ['0.00123', true],
    ['1200e-2', true],
    ['1e300', false],
    ['1e-131', false],
    ['1E+126', false],
    ['1.23456789012345678901234567890123456789', false], // 39 significant digits
    ['12345678901234567890123456789012345678000', true], // 38 significant, trailing zeros
  ])('%s → %p', (text, holds) => {
    expect(dynamoCanHold(text)).toBe(holds);
  });
});

describe('exact JSON through DynamoDB attribute values', () => {
  const source =
    '{"big":12345678901234567890,"huge":1e300,"tiny":1e-131,"":{"$n":"x","$":2},"list":[1.50,-0]}';

  it('stores numbers DynamoDB can hold as N with their text, the rest under the marker', () => {
    expect(toAttributeValue(parseExactJson(source))).toEqual({
      M: {
        big: { N: '12345678901234567890' },
        huge: { M: { $n: { S: '1e300' } } },
        tiny: { M: { $n: { S: '1e-131' } } },
        $: { M: { $$n: { S: 'x' }, $$: { N: '2' } } },
        list: { L: [{ N: '1.50' }, { N: '-0' }] },
      },
    });
  });

  it('reads back the same JSON, digit for digit', () => {
    const attribute = toAttributeValue(parseExactJson(source));
    if (!attribute) throw new Error('no attribute');
    expect(stringify(exactJsonFromAttribute(attribute))).toBe(source);
  });

  it('keeps numbers a marker map could be mistaken for apart from real keys', () => {
    const value = exactJsonFromAttribute({ M: { $$n: { S: 'x' } } });
    expect(value).toEqual({ $n: 'x' });
    expect(exactJsonFromAttribute({ M: { $n: { S: '1e300' } } })).toEqual(new LosslessNumber('1e300'));
  });

  it('escapes keys reversibly', () => {
    for (const key of ['', '$', '$$', '$n', 'a$', 'plain']) expect(unescapeKey(escapeKey(key))).toBe(key);
  });
});
