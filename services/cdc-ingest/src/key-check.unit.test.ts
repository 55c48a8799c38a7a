import { decodeDebeziumAvro } from './decode/debezium-avro';
import { avroFixture } from './decode/testing/fixtures';
import { tables } from './decode/testing/globalmart';
import type { DecodedChange } from './decode/types';
import { checkedKey } from './key-check';

const change = (name: string): DecodedChange => {
  const result = decodeDebeziumAvro(avroFixture(name), { topicPrefix: 'globalmart', tables });
  if (result.kind !== 'change') throw new Error(`expected a change, got ${result.kind}`);
  return result;
};

describe('checkedKey on captured Debezium records', () => {
  it("passes Debezium's primary-key change: the old key's delete, then the new key's create", () => {
    const del = change('fx_rates.03.d.json');
    const create = change('fx_rates.05.c.json');
    expect(del.keyChange).toEqual({ newKey: '{"currency":"ZZZ","rate_date":47482}' });
    expect(create.keyChange).toEqual({ oldKey: '{"currency":"ZZZ","rate_date":47481}' });
    expect(checkedKey('fx_rates', del)).toBe('ZZZ|47481');
    expect(checkedKey('fx_rates', create)).toBe('ZZZ|47482');
  });

  it('refuses a key that names another row, for every key column', () => {
    const create = change('fx_rates.05.c.json');
    for (const key of [
      { currency: 'ZZZ', rate_date: 47481 },
      { currency: 'ZZY', rate_date: 47482 },
    ]) {
      expect(checkedKey('fx_rates', { ...create, key })).toMatchObject({
        stage: 'decode',
        code: 'DECODE_KEY_MISMATCH',
        table: 'fx_rates',
      });
    }
  });

  it('compares canonically: a BIGINT key as a number matches the image as a bigint', () => {
    const order = change('orders.01.c.json');
    expect(order.after?.id).toBe(8001n);
    expect(checkedKey('orders', { ...order, key: { id: 8001 } })).toBe('8001');
  });

  it('says DECODE_BAD_KEY for a key that is no key of the table', () => {
    const order = change('orders.01.c.json');
    expect(checkedKey('orders', { ...order, key: { id: 'eight' } })).toMatchObject({
      code: 'DECODE_BAD_KEY',
    });
  });
});
