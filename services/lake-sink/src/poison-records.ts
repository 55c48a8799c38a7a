/** Why a remembered record is dead-lettered when it is read again. */
export interface Poison {
  reason: string;
  /** The source table, for the dead letter's table header. */
  table?: string;
}

/**
 * Records found to fail their commit on their own (TableWriter.poisonIn), by input position. The failed
 * batch is dropped and its partitions re-read from the tables' offsets; on that second reading each of
 * these is dead-lettered instead of accepted, once, and the rest lands. Memory only: after a crash the
 * commit fails again and they are found again.
 */
export class PoisonRecords {
  /** topic → partition → offset (as Kafka gives it, text): looked up per record without building a key. */
  private readonly byTopic = new Map<string, Map<number, Map<string, Poison>>>();
  private count = 0;

  /** How many are remembered; 0 on almost every record, so the lookup is skipped then. */
  get size(): number {
    return this.count;
  }

  add(topic: string, partition: number, offset: bigint, poison: Poison): void {
    let partitions = this.byTopic.get(topic);
    if (!partitions) {
      partitions = new Map();
      this.byTopic.set(topic, partitions);
    }
    let offsets = partitions.get(partition);
    if (!offsets) {
      offsets = new Map();
      partitions.set(partition, offsets);
    }
    const key = offset.toString();
    // Both tables of an entity may fail on the same record: it is one poison record, dead-lettered once.
    if (!offsets.has(key)) this.count += 1;
    offsets.set(key, poison);
  }

  /** The poison at this position, forgotten as it is taken: it is dead-lettered on this reading. */
  take(topic: string, partition: number, offset: string): Poison | undefined {
    const offsets = this.byTopic.get(topic)?.get(partition);
    const poison = offsets?.get(offset);
    if (!offsets || !poison) return undefined;
    offsets.delete(offset);
    this.count -= 1;
    return poison;
  }

  /**
   * Forgets the partitions this instance no longer owns: their new owner finds its own poison, and a
   * partition that comes back is read from the tables' offsets, which may be past these records.
   */
  keepOnly(assignment: Readonly<Record<string, readonly number[]>>): void {
    for (const [topic, partitions] of this.byTopic) {
      const owned = new Set(assignment[topic] ?? []);
      for (const [partition, offsets] of partitions) {
        if (owned.has(partition)) continue;
        this.count -= offsets.size;
        partitions.delete(partition);
      }
    }
  }
}
