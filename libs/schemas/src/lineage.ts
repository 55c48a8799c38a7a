// The header every derived record carries (cdc-ingest's ChangeEvents, the enricher's emissions): the
// input record it came from, `<topic>/<partition>/<offset>`. A re-emission of the enricher names the
// trigger on its ledger instead. lake-sink's cut-over reads it to tell which changes a table holds.

export const LINEAGE_HEADER = 'lakestream.source';

export interface RecordSource {
  topic: string;
  partition: number;
  offset: bigint;
}

export const lineageHeaders = (topic: string, partition: number, offset: string | bigint) => ({
  [LINEAGE_HEADER]: `${topic}/${partition}/${offset}`,
});

export function parseLineage(header: string | undefined): RecordSource | undefined {
  const match = header ? /^(.+)\/(\d+)\/(\d+)$/.exec(header) : null;
  if (!match) return undefined;
  return { topic: match[1] as string, partition: Number(match[2]), offset: BigInt(match[3] as string) };
}
