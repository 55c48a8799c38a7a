import type { IncomingRecord, OutgoingRecord } from './exactly-once';

/**
 * Where a record failed; with the code it says what to fix and where. Every service dead-letters to
 * the same topic with the same headers, so one replay tool serves them all. `ingest` is cdc-ingest
 * producing a ChangeEvent that was valid but larger than its topic accepts.
 */
export type FailureStage = 'decode' | 'quality' | 'schema' | 'ingest' | 'project' | 'lake' | 'enrich';

export interface Failure {
  stage: FailureStage;
  code: string;
  reason: string;
  table?: string;
}

export const dlqHeader = {
  code: 'lakestream.dlq.code',
  reason: 'lakestream.dlq.reason',
  stage: 'lakestream.dlq.stage',
  table: 'lakestream.dlq.table',
  sourceTopic: 'lakestream.dlq.source.topic',
  sourcePartition: 'lakestream.dlq.source.partition',
  sourceOffset: 'lakestream.dlq.source.offset',
  failedAt: 'lakestream.dlq.failed.at',
  /** Where the original record is stored when its dead letter would exceed the topic's limit. */
  claimCheck: 'lakestream.dlq.claim-check',
  /** The original record's key plus value bytes, beside a claim check. */
  originalBytes: 'lakestream.dlq.original.bytes',
} as const;

/**
 * The record exactly as it arrived (key, value and headers untouched, so it can be replayed once
 * the cause is fixed) plus headers saying why it failed and where it came from.
 */
export function deadLetter(
  dlqTopic: string,
  record: IncomingRecord,
  failure: Failure,
  now: number,
): OutgoingRecord {
  const { message } = record;
  return {
    topic: dlqTopic,
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [dlqHeader.code]: failure.code,
      [dlqHeader.reason]: failure.reason,
      [dlqHeader.stage]: failure.stage,
      ...(failure.table ? { [dlqHeader.table]: failure.table } : {}),
      [dlqHeader.sourceTopic]: record.topic,
      [dlqHeader.sourcePartition]: String(record.partition),
      [dlqHeader.sourceOffset]: message.offset,
      [dlqHeader.failedAt]: new Date(now).toISOString(),
    },
  };
}
