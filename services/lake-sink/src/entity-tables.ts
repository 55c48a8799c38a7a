import { joinLocation } from '@lakestream/storage';
import type { SinkConfig } from './config';
import { TableWriter, type TableWriterDeps } from './lake/table-writer';

export interface EntityTables {
  entity: string;
  topic: string;
  writers: [TableWriter, TableWriter];
}

/** Kafka's "earliest retained offset", which a seek accepts. */
export const EARLIEST = '-2';

/**
 * Where the entity's consumer resumes on a partition: the lower of its tables' next offsets. A table
 * with no offset for the partition has never seen it, so it needs the partition from the start.
 */
export function resumeOffset(writers: readonly TableWriter[], partition: number): bigint | undefined {
  let lowest: bigint | undefined;
  for (const writer of writers) {
    const offset = writer.offsets.get(partition);
    if (offset === undefined) return undefined;
    if (lowest === undefined || offset < lowest) lowest = offset;
  }
  return lowest;
}

/** Per input topic, the entity's two tables: `<entity>_changes` and `<entity>`. */
export function entityTables(
  config: Pick<SinkConfig, 'ENTITIES' | 'INPUT_TOPIC_PREFIX' | 'LAKE_NAMESPACE'>,
  deps: Omit<TableWriterDeps, 'onConflict'> & { onConflict: (table: string) => void },
): Map<string, EntityTables> {
  const entities = new Map<string, EntityTables>();
  for (const entity of config.ENTITIES) {
    const topic = `${config.INPUT_TOPIC_PREFIX}${entity}`;
    const writer = (kind: 'changes' | 'current') => {
      const name = kind === 'changes' ? `${entity}_changes` : entity;
      return new TableWriter(
        { namespace: config.LAKE_NAMESPACE, name, kind },
        joinLocation(deps.storage.root, config.LAKE_NAMESPACE, name),
        topic,
        { ...deps, onConflict: () => deps.onConflict(name) },
      );
    };
    entities.set(topic, { entity, topic, writers: [writer('changes'), writer('current')] });
  }
  return entities;
}
