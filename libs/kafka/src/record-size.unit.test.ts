import type { OutgoingRecord } from './exactly-once';
import { recordSize } from './record-size';

// kafkajs's own encoders for a v2 record batch: what goes on the wire, measured, not re-derived.
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (batch: { records: unknown[] }) => Promise<{ buffer: Buffer }>;
};
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: object) => unknown;

/** The batch as the broker measures it against max.message.bytes: offset, length and body. */
async function wireSize(record: OutgoingRecord): Promise<number> {
  const { key, value, headers } = record;
  const encoded = await RecordBatch({ records: [Record({ key, value, headers })] });
  return encoded.buffer.length;
}

describe('recordSize', () => {
  const cases: [string, OutgoingRecord][] = [
    ['an empty record', { topic: 't', key: null, value: null }],
    ['a key and a value', { topic: 't', key: 'k-1', value: Buffer.alloc(300, 1) }],
    ['a value of 2 MiB', { topic: 't', key: Buffer.alloc(40), value: Buffer.alloc(2 * 1024 * 1024) }],
    [
      'headers, repeated and multi-byte',
      {
        topic: 't',
        key: 'ключ',
        value: Buffer.from('{}'),
        headers: { 'lakestream.dlq.reason': 'é'.repeat(500), trace: ['a', Buffer.from('bb')], empty: '' },
      },
    ],
  ];

  it.each(cases)('never counts %s below what goes on the wire, and stays close to it', async (_, record) => {
    const actual = await wireSize(record);
    const counted = recordSize(record);
    expect(counted).toBeGreaterThanOrEqual(actual);
    expect(counted - actual).toBeLessThan(64);
  });

  it('grows with every byte of key, value and headers', () => {
    const base = recordSize({ topic: 't', key: 'k', value: Buffer.alloc(10) });
    expect(recordSize({ topic: 't', key: 'kk', value: Buffer.alloc(10) })).toBe(base + 1);
    expect(recordSize({ topic: 't', key: 'k', value: Buffer.alloc(11) })).toBe(base + 1);
    expect(recordSize({ topic: 't', key: 'k', value: Buffer.alloc(10), headers: { h: 'v' } })).toBe(
      base + 12,
    );
  });
});
