import { PoisonRecords } from './poison-records';

describe('poison records remembered for the re-read', () => {
  it('gives each back once, at its exact position', () => {
    const poison = new PoisonRecords();
    poison.add('t', 0, 5n, { reason: 'bad', table: 'orders' });
    poison.add('t', 1, 5n, { reason: 'also bad' });
    expect(poison.size).toBe(2);
    expect(poison.take('t', 0, '4')).toBeUndefined();
    expect(poison.take('u', 0, '5')).toBeUndefined();
    expect(poison.take('t', 0, '5')).toEqual({ reason: 'bad', table: 'orders' });
    expect(poison.take('t', 0, '5')).toBeUndefined();
    expect(poison.size).toBe(1);
  });

  it('counts a record both tables failed on once', () => {
    const poison = new PoisonRecords();
    poison.add('t', 0, 5n, { reason: 'orders_changes: bad' });
    poison.add('t', 0, 5n, { reason: 'orders: bad' });
    expect(poison.size).toBe(1);
    expect(poison.take('t', 0, '5')?.reason).toBe('orders: bad');
    expect(poison.size).toBe(0);
  });

  it('forgets the partitions no longer assigned', () => {
    const poison = new PoisonRecords();
    poison.add('t', 0, 1n, { reason: 'a' });
    poison.add('t', 1, 1n, { reason: 'b' });
    poison.add('t', 1, 2n, { reason: 'c' });
    poison.add('u', 0, 1n, { reason: 'd' });
    poison.keepOnly({ t: [0] });
    expect(poison.size).toBe(1);
    expect(poison.take('t', 0, '1')?.reason).toBe('a');
    expect(poison.take('t', 1, '1')).toBeUndefined();
    expect(poison.take('u', 0, '1')).toBeUndefined();
  });
});
