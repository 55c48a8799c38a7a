/**
 * Where a fetched batch must start instead, if some of its inputs are done already: after this
 * process's own last commit on the partition (kafkajs can read the group's offset from before it
 * right after a rejoin), or after a predecessor's commit read for a fresh producer (a zombie's commit
 * that landed after this member joined), whichever is later. Undefined when the batch may go on.
 */
export function resumePoint(
  batchStart: bigint,
  ownCommit: bigint | undefined,
  groupOffset: bigint | undefined,
): { offset: bigint; after: 'own commit' | 'predecessor' } | undefined {
  const own = ownCommit !== undefined && (groupOffset === undefined || ownCommit >= groupOffset);
  const offset = own ? ownCommit : groupOffset;
  if (offset === undefined || offset <= batchStart) return undefined;
  return { offset, after: own ? 'own commit' : 'predecessor' };
}
