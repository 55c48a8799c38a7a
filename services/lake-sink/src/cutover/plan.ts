import type { RecordSource } from '@lakestream/schemas';
import type { TopicOffsets } from '../lake/table-writer';

// Where a table fed by `lakestream.changes.<entity>` starts on `lakestream.enriched.<entity>`: the
// enricher's first emission of each change names the changes record it came from (libs/schemas
// lineage.ts), and the table's snapshot names the changes offsets it holds.

/** An enriched record's position, and the changes record it enriches (none for a re-emission or no header). */
export interface EnrichedLineage {
  offset: bigint;
  source?: RecordSource;
}

export function parseLineage(header: string | undefined): RecordSource | undefined {
  const match = header ? /^(.+)\/(\d+)\/(\d+)$/.exec(header) : null;
  if (!match) return undefined;
  return { topic: match[1] as string, partition: Number(match[2]), offset: BigInt(match[3] as string) };
}

export interface PartitionStart {
  /** The first enriched offset the table does not hold; the partition's end when it holds them all. */
  start: bigint;
  /** First emissions before `start` (held by the table) and after it (not held). */
  held: number;
  after: number;
}

/**
 * The start on one enriched partition, given its records in offset order and the partition's end.
 * Every first emission before the start must be of a change the table holds, and none after it: the
 * enricher keeps a changes partition's order on the enriched partition of the same number, so a
 * record breaking this means the topics are not partitioned alike, and no single offset is right.
 */
export function startOn(
  changesTopic: string,
  tableOffsets: TopicOffsets,
  records: Iterable<EnrichedLineage>,
  end: bigint,
): PartitionStart {
  let start: bigint | undefined;
  let held = 0;
  let after = 0;
  for (const record of records) {
    const source = record.source;
    if (!source || source.topic !== changesTopic) continue;
    const inTable = source.offset < (tableOffsets.get(source.partition) ?? 0n);
    if (start === undefined && !inTable) start = record.offset;
    if (start === undefined) held += 1;
    else if (!inTable) after += 1;
    else
      throw new Error(
        `enriched offset ${record.offset} is ${changesTopic} ${source.partition}/${source.offset}, which the table holds, after offset ${start}, which it does not: the topics are not partitioned alike`,
      );
  }
  return { start: start ?? end, held, after };
}

/**
 * Partitions of the changes topic the enricher has not enriched as far as the table holds: a start
 * taken before it has would miss its emissions, which come later. Empty when the cut-over may go on.
 */
export function enricherBehind(
  tableOffsets: TopicOffsets,
  enricherOffsets: ReadonlyMap<number, bigint | undefined>,
): { partition: number; table: bigint; enricher: bigint | undefined }[] {
  return [...tableOffsets]
    .filter(([partition, offset]) => (enricherOffsets.get(partition) ?? -1n) < offset)
    .map(([partition, table]) => ({ partition, table, enricher: enricherOffsets.get(partition) }));
}
