import type { Admin } from 'kafkajs';

/** One partition a group consumes: where it has committed, where the partition ends, and the gap. */
export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  /** The next offset the group will read; undefined when it never committed one. */
  committed: bigint | undefined;
  /** The low watermark: the oldest offset still retained. */
  start: bigint;
  /** The high watermark: the offset the next record will get. */
  end: bigint;
  /** Records from the committed offset (or the start, when none) to the end. */
  lag: bigint;
}

/**
 * The lag of each partition: the records between what the group committed and the end. A group that
 * never committed on a partition is counted from the oldest retained record (where it would start).
 * Pure, so the arithmetic is tested without a broker.
 */
export function partitionLag(
  group: string,
  topic: string,
  committed: ReadonlyMap<number, bigint | undefined>,
  watermarks: readonly { partition: number; low: bigint; high: bigint }[],
): PartitionLag[] {
  return watermarks
    .map(({ partition, low, high }) => {
      const at = committed.get(partition);
      const from = at === undefined || at < low ? low : at;
      return {
        group,
        topic,
        partition,
        committed: at,
        start: low,
        end: high,
        lag: high > from ? high - from : 0n,
      };
    })
    .sort((a, b) => a.partition - b.partition);
}

/** The topics a group has committed offsets on, with those offsets (-1 from Kafka means none). */
export async function committedOffsets(
  admin: Admin,
  group: string,
  topics?: readonly string[],
): Promise<Map<string, Map<number, bigint | undefined>>> {
  const result = await admin.fetchOffsets({ groupId: group, ...(topics ? { topics: [...topics] } : {}) });
  return new Map(
    result.map(({ topic, partitions }) => [
      topic,
      new Map(partitions.map((p) => [p.partition, p.offset === '-1' ? undefined : BigInt(p.offset)])),
    ]),
  );
}

async function watermarks(admin: Admin, topic: string) {
  return (await admin.fetchTopicOffsets(topic)).map((p) => ({
    partition: p.partition,
    low: BigInt(p.low),
    high: BigInt(p.high),
  }));
}

/** Lag per group, topic and partition, for the groups given (every group of the cluster when none). */
export async function groupLag(admin: Admin, groups?: readonly string[]): Promise<PartitionLag[]> {
  const names = groups ?? (await admin.listGroups()).groups.map((g) => g.groupId).sort();
  const rows: PartitionLag[] = [];
  for (const group of names) {
    for (const [topic, committed] of await committedOffsets(admin, group)) {
      rows.push(...partitionLag(group, topic, committed, await watermarks(admin, topic)));
    }
  }
  return rows;
}

/** Where a replay moves a group: to the oldest record, to a time, or to explicit offsets. */
export type ReplayTarget =
  | { kind: 'earliest' }
  | { kind: 'time'; at: Date }
  | { kind: 'offsets'; offsets: { topic: string; partition: number; offset: bigint }[] };

/** `earliest`, an ISO time, or `topic:partition:offset` pairs separated by spaces or commas. */
export function parseReplayTarget(text: string): ReplayTarget {
  const trimmed = text.trim();
  if (trimmed === 'earliest') return { kind: 'earliest' };
  const pairs = trimmed.split(/[\s,]+/).filter(Boolean);
  if (pairs.length > 0 && pairs.every((p) => /^[^:\s]+:\d+:\d+$/.test(p))) {
    return {
      kind: 'offsets',
      // Kafka topic names have no colon ([a-zA-Z0-9._-]), so the split is unambiguous.
      offsets: pairs.map((p) => {
        const [topic = '', partition = '0', offset = '0'] = p.split(':');
        return { topic, partition: Number(partition), offset: BigInt(offset) };
      }),
    };
  }
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) {
    const at = new Date(trimmed);
    if (!Number.isNaN(at.getTime())) return { kind: 'time', at };
  }
  throw new Error(
    `--to takes earliest, an ISO time (2026-12-06T10:00:00Z) or topic:partition:offset pairs, not ${JSON.stringify(text)}`,
  );
}

/** One partition of a replay plan: where the group is and where it will be. */
export interface ReplayMove {
  topic: string;
  partition: number;
  from: bigint | undefined;
  to: bigint;
}

/**
 * Where each partition of the group's topics goes. A time resolves to the first offset at or after
 * it (the broker's ListOffsets by timestamp; the end when none is that late). Explicit offsets are
 * kept within the retained range, so a reset never points at a record that no longer exists.
 */
export async function planReplay(
  admin: Admin,
  group: string,
  target: ReplayTarget,
  topics?: readonly string[],
): Promise<ReplayMove[]> {
  const committed = await committedOffsets(admin, group, topics);
  const names = [...(topics ?? committed.keys())];
  if (target.kind === 'offsets') {
    for (const o of target.offsets) if (!names.includes(o.topic)) names.push(o.topic);
  }
  if (names.length === 0) {
    throw new Error(`group ${group} has committed no offsets: name its topics with --topic`);
  }
  const moves: ReplayMove[] = [];
  for (const topic of names) {
    const marks = await watermarks(admin, topic);
    const byTime =
      target.kind === 'time' ? await admin.fetchTopicOffsetsByTimestamp(topic, target.at.getTime()) : [];
    for (const { partition, low, high } of marks) {
      const from = committed.get(topic)?.get(partition);
      let to: bigint | undefined;
      if (target.kind === 'earliest') to = low;
      else if (target.kind === 'time') {
        const found = byTime.find((p) => p.partition === partition)?.offset;
        to = found === undefined || found === '-1' ? high : BigInt(found);
      } else {
        const wanted = target.offsets.find((o) => o.topic === topic && o.partition === partition)?.offset;
        if (wanted === undefined) continue;
        // bigints, so no Math.min/max: clamp to the retained range by hand.
        to = wanted;
        if (to < low) to = low;
        if (to > high) to = high;
      }
      moves.push({ topic, partition, from, to });
    }
  }
  return moves;
}

/** The group's live members: a reset while any is connected would be overwritten by its next commit. */
export async function liveMembers(admin: Admin, group: string): Promise<string[]> {
  const { groups } = await admin.describeGroups([group]);
  return (groups[0]?.members ?? []).map((m) => `${m.clientId}@${m.clientHost}`);
}

/** Applies a plan (the group must be empty: see liveMembers). */
export async function applyReplay(admin: Admin, group: string, moves: readonly ReplayMove[]): Promise<void> {
  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const move of moves) {
    const list = byTopic.get(move.topic) ?? [];
    list.push({ partition: move.partition, offset: move.to.toString() });
    byTopic.set(move.topic, list);
  }
  for (const [topic, partitions] of byTopic) await admin.setOffsets({ groupId: group, topic, partitions });
}
