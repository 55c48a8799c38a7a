import { markerBatch } from './marker-batches';

describe('markerBatch', () => {
  it('is the batch an end-of-batch event reports when it handed no record to eachBatch', () => {
    expect(
      markerBatch({ topic: 't', partition: 2, batchSize: 0, firstOffset: '41', lastOffset: '42' }),
    ).toEqual({ topic: 't', partition: 2, firstOffset: 41n, lastOffset: 42n });
  });

  it('is none for a batch of records, or one whose fetched records all lay before the fetch offset', () => {
    expect(
      markerBatch({ topic: 't', partition: 0, batchSize: 3, firstOffset: '10', lastOffset: '13' }),
    ).toBeUndefined();
    expect(
      markerBatch({ topic: 't', partition: 0, batchSize: 0, firstOffset: null, lastOffset: '9' }),
    ).toBeUndefined();
  });
});
