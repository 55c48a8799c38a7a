import type { Ignored } from './types';

/**
 * Debezium's topic names (Debezium MariaDB connector, "Topic names", "Schema change topic",
 * "Transaction metadata"; "Heartbeat" under connector properties):
 * - `<topic.prefix>`: schema-change events (DDL), keyed by database name;
 * - `<topic.heartbeat.prefix>.<topic.prefix>` (default prefix `__debezium-heartbeat`): heartbeats;
 * - `<topic.prefix>.<topic.transaction>` (default `transaction`): BEGIN/END transaction events;
 * - `<topic.prefix>.<database>.<table>`: the table's change events.
 */
export interface DebeziumTopics {
  /** The connector's `topic.prefix`, e.g. `globalmart`. */
  readonly topicPrefix: string;
  readonly heartbeatPrefix?: string;
  readonly transactionTopicName?: string;
}

export type TopicKind =
  | { readonly kind: 'table'; readonly database: string | null; readonly table: string | null }
  | Ignored;

export function classifyTopic(topic: string, names: DebeziumTopics): TopicKind {
  const prefix = names.topicPrefix;
  if (topic === prefix) {
    return {
      kind: 'ignored',
      reason: 'schema-change',
      detail: `${topic} is the schema-change topic (topic.prefix)`,
    };
  }
  if (topic === `${names.heartbeatPrefix ?? '__debezium-heartbeat'}.${prefix}`) {
    return { kind: 'ignored', reason: 'heartbeat', detail: `${topic} is the heartbeat topic` };
  }
  if (topic === `${prefix}.${names.transactionTopicName ?? 'transaction'}`) {
    return {
      kind: 'ignored',
      reason: 'transaction-metadata',
      detail: `${topic} is the transaction metadata topic`,
    };
  }
  // <prefix>.<database>.<table>; a routed topic may not follow it, so the envelope's source.table wins.
  const rest = topic.startsWith(`${prefix}.`) ? topic.slice(prefix.length + 1).split('.') : [];
  return rest.length === 2
    ? { kind: 'table', database: rest[0] ?? null, table: rest[1] ?? null }
    : { kind: 'table', database: null, table: null };
}

/** Header values as kafkajs gives them (Buffer, string or an array of them) → the first as text. */
export function headerText(value: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
