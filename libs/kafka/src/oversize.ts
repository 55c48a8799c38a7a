import type { WarehouseStorage } from '@lakestream/storage';
import { claimCheck, storeClaimCheck } from './claim-check';
import type { StructuredLog } from './client';
import { deadLetter, dlqHeader, type FailureStage } from './dead-letter';
import type { IncomingRecord, OutgoingRecord } from './exactly-once';
import type { OversizeMetrics } from './metrics';
import { recordSize } from './record-size';
import type { TopicLimits } from './topic-limits';

/** What deciding on sizes needs: the topics' limits and where oversized originals go. */
export interface Oversize {
  limits: TopicLimits;
  /** Rooted at the claim-check location (`CLAIM_CHECK_LOCATION`). */
  claimChecks: WarehouseStorage;
  log: StructuredLog;
  metrics: OversizeMetrics;
}

/**
 * A dead letter as it can be sent: itself if its topic accepts its size, else its claim check
 * (the original stored aside first, so the pointer never points at nothing).
 */
export async function fitDeadLetter(letter: OutgoingRecord, oversize: Oversize): Promise<OutgoingRecord> {
  const bytes = recordSize(letter);
  const limit = await oversize.limits.of(letter.topic);
  if (bytes <= limit) return letter;
  const check = claimCheck(letter, oversize.claimChecks.root);
  await storeClaimCheck(oversize.claimChecks, check);
  const stage = check.letter.headers?.[dlqHeader.stage]?.toString() ?? 'unknown';
  oversize.metrics.claimChecks.inc({ stage });
  oversize.log.warn(
    { event: 'claim_check', topic: letter.topic, bytes, limit, location: check.location },
    'dead letter larger than its topic accepts; the original is stored aside and the dead letter points at it',
  );
  return check.letter;
}

export interface OutputsOversize extends Oversize {
  dlqTopic: string;
  /** The stage of the producer, for the dead letter of an input whose output is too large. */
  stage: FailureStage;
  now: () => number;
}

/**
 * The records one input becomes, made to fit their topics. An output larger than its topic accepts
 * can never be produced, so the input is dead-lettered instead (`RECORD_TOO_LARGE`) and none of its
 * outputs go out: one input, all of its outputs or its dead letter. Dead letters are then fitted.
 */
export async function fitOutputs(
  input: IncomingRecord,
  outputs: OutgoingRecord[],
  oversize: OutputsOversize,
): Promise<OutgoingRecord[]> {
  let fitted = outputs;
  for (const output of outputs) {
    if (output.topic === oversize.dlqTopic) continue;
    const bytes = recordSize(output);
    const limit = await oversize.limits.of(output.topic);
    if (bytes <= limit) continue;
    oversize.metrics.tooLarge.inc({ topic: output.topic });
    fitted = [
      deadLetter(
        oversize.dlqTopic,
        input,
        {
          stage: oversize.stage,
          code: 'RECORD_TOO_LARGE',
          reason: `its record for ${output.topic} takes ${bytes} bytes; the topic accepts at most ${limit} (max.message.bytes)`,
        },
        oversize.now(),
      ),
    ];
    break;
  }
  return Promise.all(
    fitted.map((record) => (record.topic === oversize.dlqTopic ? fitDeadLetter(record, oversize) : record)),
  );
}
