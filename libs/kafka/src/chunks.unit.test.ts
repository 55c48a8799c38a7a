import { chunksBySize } from './chunks';
import type { OutgoingRecord } from './exactly-once';

const record = (bytes: number): OutgoingRecord => ({ topic: 't', key: null, value: Buffer.alloc(bytes) });

describe('chunksBySize', () => {
  it('keeps every record, in order, with no chunk above the limit unless one record alone is', () => {
    const records = [record(300), record(300), record(300), record(2000), record(10)];
    const chunks = chunksBySize(records, 800);
    expect(chunks.flat()).toEqual(records);
    expect(chunks.map((c) => c.length)).toEqual([2, 1, 1, 1]);
  });

  it('returns nothing for nothing', () => {
    expect(chunksBySize([], 100)).toEqual([]);
  });
});
