/**
 * What each service reads and writes, in the terms IAM scopes by: Kafka topics, groups and
 * transactional ids (MSK IAM), warehouse prefixes, the inventory table, the Glue database. The
 * roles are built from this and nothing else; `stack.unit.test.ts` checks the template against
 * its own expectations, not against this file.
 */
export interface ServiceAccess {
  /** The Kubernetes ServiceAccount (deploy/k8s) that assumes the role through IRSA. */
  serviceAccount: { namespace: string; name: string };
  kafka: {
    read: string[];
    write: string[];
    groups: string[];
    /** Groups whose committed offsets it only reads (DescribeGroup, never AlterGroup). */
    watchedGroups?: string[];
    transactionalIds: string[];
  };
  /** Object key prefixes in the warehouse bucket. */
  s3: { read: string[]; write: string[]; list: string[] };
  /** DynamoDB actions on the inventory table (and its GSI for Query). */
  dynamodb: string[];
  glue: boolean;
}

const none = { read: [], write: [], list: [] };
const ns = 'lakestream';

export const ACCESS: Record<string, ServiceAccess> = {
  'cdc-ingest': {
    serviceAccount: { namespace: ns, name: 'cdc-ingest' },
    kafka: {
      // Debezium's topics (`globalmart.<db>.<table>`) and its DDL topic, read; ChangeEvents and dead letters, written.
      read: ['globalmart.*'],
      write: ['lakestream.changes.*', 'lakestream.dlq'],
      groups: ['lakestream-cdc-ingest'],
      transactionalIds: ['lakestream-cdc-ingest-*'],
    },
    // Claim checks: dead letters too large for the DLQ (CLAIM_CHECK_LOCATION = s3://…/dlq).
    s3: { read: [], write: ['dlq/'], list: [] },
    dynamodb: [],
    glue: false,
  },
  enricher: {
    serviceAccount: { namespace: ns, name: 'enricher' },
    kafka: {
      read: ['lakestream.changes.*', 'lakestream.reference.*'],
      write: ['lakestream.enriched.*', 'lakestream.dlq'],
      groups: ['lakestream-enricher'],
      transactionalIds: ['lakestream-enricher-*'],
    },
    s3: { read: [], write: ['dlq/'], list: [] },
    dynamodb: [],
    glue: false,
  },
  'lake-sink': {
    serviceAccount: { namespace: ns, name: 'lake-sink' },
    kafka: {
      // INPUT_TOPIC_PREFIX is lakestream.enriched.; a lake fed by lakestream.changes. before moves with
      // the cut-over job (same role), which reads the enriched topics in a group of its own and the
      // enricher's committed offsets.
      read: ['lakestream.changes.*', 'lakestream.enriched.*'],
      write: ['lakestream.dlq'],
      groups: ['lakestream-lake-sink', 'lakestream-lake-sink-cutover-*'],
      watchedGroups: ['lakestream-enricher'],
      transactionalIds: [],
    },
    s3: { read: ['lake/'], write: ['lake/', 'dlq/'], list: ['lake/'] },
    dynamodb: [],
    glue: true,
  },
  projector: {
    serviceAccount: { namespace: ns, name: 'projector' },
    kafka: {
      read: ['products', 'warehouses', 'inventory'].flatMap((t) => [
        `lakestream.changes.${t}`,
        `lakestream.enriched.${t}`,
      ]),
      write: ['lakestream.dlq'],
      groups: ['lakestream-inventory-projector'],
      transactionalIds: [],
    },
    s3: { read: [], write: ['dlq/'], list: [] },
    // Conditional puts; a TRUNCATE scans the tenant's items and reads each before its tombstone.
    dynamodb: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Scan'],
    glue: false,
  },
  'inventory-api': {
    serviceAccount: { namespace: ns, name: 'inventory-api' },
    kafka: {
      // The stock event feed: one group per process, `lakestream-inventory-api-<host>-<pid>`.
      read: ['lakestream.changes.inventory', 'lakestream.enriched.inventory'],
      write: [],
      groups: ['lakestream-inventory-api-*'],
      transactionalIds: [],
    },
    s3: none,
    dynamodb: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
    glue: false,
  },
};
