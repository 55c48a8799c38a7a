import type { KafkaMessage } from 'kafkajs';
import { deadLetter, dlqHeader } from './dead-letter';

describe('deadLetter', () => {
  it('keeps the record as it came and adds why and where from', () => {
    const message: KafkaMessage = {
      key: Buffer.from('k'),
      value: Buffer.from([0xff, 0x00, 0x01]),
      headers: { trace: 'abc' },
      offset: '41',
      timestamp: '0',
      attributes: 0,
    };
    const record = deadLetter(
      'lakestream.dlq',
      { topic: 'globalmart.globalmart.orders', partition: 2, message },
      {
        stage: 'quality',
        code: 'QUALITY_RANGE',
        reason: 'orders.total_amount must be >= 0',
        table: 'orders',
      },
      Date.UTC(2026, 10, 23),
    );
    expect(record.topic).toBe('lakestream.dlq');
    expect(record.key).toBe(message.key);
    expect(record.value).toBe(message.value);
    expect(record.headers).toEqual({
      trace: 'abc',
      [dlqHeader.code]: 'QUALITY_RANGE',
      [dlqHeader.reason]: 'orders.total_amount must be >= 0',
      [dlqHeader.stage]: 'quality',
      [dlqHeader.table]: 'orders',
      [dlqHeader.sourceTopic]: 'globalmart.globalmart.orders',
      [dlqHeader.sourcePartition]: '2',
      [dlqHeader.sourceOffset]: '41',
      [dlqHeader.failedAt]: '2026-11-23T00:00:00.000Z',
    });
  });
});
