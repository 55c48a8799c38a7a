import { randomBytes } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { keyPartition, murmur2 } from './key-partition';

describe('keyPartition', () => {
  it("matches Kafka's murmur2 test vectors (UtilsTest.testMurmur2)", () => {
    const vectors: [string, number][] = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ];
    for (const [text, hash] of vectors) expect(murmur2(Buffer.from(text))).toBe(hash);
  });

  it('puts every key where the producers here put it', () => {
    const partitioner = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 6, 12]) {
      const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
        partitionId,
        leader: 1,
        partitionErrorCode: 0,
        replicas: [1],
        isr: [1],
      }));
      for (let i = 0; i < 500; i++) {
        const key = i % 2 === 0 ? `ACME-TEC-${i}|ACME-WH-US-CA-0${i % 7}` : randomBytes(1 + (i % 40));
        const expected = partitioner({ topic: 't', partitionMetadata, message: { key, value: null } });
        expect(keyPartition(key, partitions)).toBe(expected);
      }
    }
  });
});
