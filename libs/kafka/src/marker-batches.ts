import type { Consumer } from 'kafkajs';

/** A fetched batch with no record a consumer sees: only transaction markers or aborted records. */
export interface MarkerBatch {
  topic: string;
  partition: number;
  firstOffset: bigint;
  lastOffset: bigint;
}

interface BatchProcessed {
  topic: string;
  partition: number;
  batchSize: number;
  firstOffset: string | null;
  lastOffset: string;
}

/**
 * kafkajs resolves a fetched batch that holds only transaction markers (or aborted records) itself,
 * in memory, and never calls eachBatch with it. A consumer that commits its own offsets after its
 * work, as every Lakestream consumer does, would then stop one short of the end of a partition whose
 * last fetch was such a batch (a commit marker is the last offset of every transaction), and its lag
 * would read 1 until the next record. `pass` is called for each such batch, to move past it.
 */
export function onMarkerBatch(consumer: Consumer, pass: (batch: MarkerBatch) => void): void {
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const batch = markerBatch(payload as BatchProcessed);
    if (batch) pass(batch);
  });
}

/** The marker batch an end-of-batch event reports, if it reports one. */
export function markerBatch(processed: BatchProcessed): MarkerBatch | undefined {
  // Records were handed to eachBatch, or nothing was fetched at or past the fetch offset.
  if (processed.batchSize > 0 || processed.firstOffset === null) return undefined;
  return {
    topic: processed.topic,
    partition: processed.partition,
    firstOffset: BigInt(processed.firstOffset),
    lastOffset: BigInt(processed.lastOffset),
  };
}
