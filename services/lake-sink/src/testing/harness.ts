import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { encodeDataFile, readDataFileColumns } from '@lakestream/iceberg';
import { connectKafka } from '@lakestream/kafka';
import { serviceLogger, silentLog } from '@lakestream/runtime';
import {
  type ChangeEvent,
  loadChangeEventSchema,
  recordDecoder,
  schemaRegistry,
  type Table,
} from '@lakestream/schemas';
import { localS3Client, registryUrls, type StackConfig } from '@lakestream/stack';
import { warehouseStorage } from '@lakestream/storage';
import { changeEventAt } from '@lakestream/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { loadSinkConfig } from '../config';
import { type LakeSinkService, lakeSinkService, type SinkDeps } from '../service';

export type Row = Record<string, unknown>;

/** A ChangeEvent as cdc-ingest would emit it for a binlog position, committed `pos` seconds in. */
export function changeEvent(
  table: Table,
  op: 'c' | 'u' | 'd' | 'r',
  key: string,
  pos: number,
  row: Row,
  tenantId: string | null,
): ChangeEvent<Row> {
  return changeEventAt({ table, op, key, row, tenantId, pos, committedAt: 1_763_900_000_000 + pos * 1000 });
}

/** A private world on the local stack: its own topics, group and S3 prefix, shared with no other test. */
export function privateLake(
  id: string,
  stack: StackConfig,
  entities: readonly string[],
  options: { warehouse?: string } = {},
) {
  const brokers = `${stack.host}:${stack.ports.kafka}`;
  const registryUrl = registryUrls(stack).confluent;
  const prefix = `${id}.changes.`;
  const warehouse = options.warehouse ?? `s3://${stack.s3.warehouseBucket}/${id}`;
  const kafka = new Kafka({ clientId: id, brokers: [brokers], logLevel: logLevel.NOTHING });
  const registry = schemaRegistry(registryUrl);
  const schemaIds = new Map<string, number>();
  const env = {
    KAFKA_BROKERS: brokers,
    SCHEMA_REGISTRY_URL: registryUrl,
    LAKESTREAM_WAREHOUSE: warehouse,
    LAKE_NAMESPACE: 'globalmart',
    INPUT_TOPIC_PREFIX: prefix,
    ENTITIES: entities.join(','),
    GROUP_ID: `${id}-sink`,
    DLQ_TOPIC: `${id}.dlq`,
    CLAIM_CHECK_LOCATION: `${warehouse}/dlq`,
    S3_ENDPOINT: `http://${stack.host}:${stack.ports.s3}`,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_REGION: stack.s3.region,
    AWS_ACCESS_KEY_ID: stack.s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: stack.s3.secretAccessKey,
    HTTP_PORT: '0',
    // Live-row checkpoints of this world only, never the developer's own.
    STATE_DIR: join(tmpdir(), 'lakestream-tests', id),
  };
  const topic = (entity: string) => `${prefix}${entity}`;
  return {
    id,
    env,
    kafka,
    warehouse,
    topic,
    tableLocation: (table: string) => `${warehouse}/globalmart/${table}`,
    s3: {
      endpoint: env.S3_ENDPOINT,
      accessKeyId: stack.s3.accessKeyId,
      secretAccessKey: stack.s3.secretAccessKey,
      region: stack.s3.region,
    },

    async createTopics(partitions = 3) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: [
            ...entities.map((e) => ({ topic: topic(e), numPartitions: partitions })),
            { topic: `${id}.dlq`, numPartitions: 1 },
          ],
        });
      } finally {
        await admin.disconnect();
      }
    },

    /**
     * Produces the events to their entity's topic, keyed by primary key (so one key, one partition),
     * written with the table's ChangeEvent schema or the one given (a later version, say).
     */
    async produce(
      entity: string,
      events: readonly ChangeEvent<Row>[],
      writerSchema?: object,
      subject = `${topic(entity)}-value`,
    ) {
      const table = events[0]?.table as Table | undefined;
      if (!table) return;
      const schema = JSON.stringify(writerSchema ?? loadChangeEventSchema(table));
      let schemaId = schemaIds.get(schema);
      if (schemaId === undefined) {
        ({ id: schemaId } = await registry.register({ type: SchemaType.AVRO, schema }, { subject }));
        schemaIds.set(schema, schemaId);
      }
      const producer = kafka.producer({ idempotent: true });
      await producer.connect();
      try {
        const id = schemaId;
        for (let i = 0; i < events.length; i += 2000) {
          const messages = await Promise.all(
            events
              .slice(i, i + 2000)
              .map(async (event) => ({ key: event.key, value: await registry.encode(id, event) })),
          );
          await producer.send({ topic: topic(entity), messages, acks: -1 });
        }
      } finally {
        await producer.disconnect();
      }
    },

    /** The events in one transaction that is then aborted: offsets and a marker no reader sees. */
    async produceAborted(entity: string, events: readonly ChangeEvent<Row>[]) {
      const schemaId = await this.schemaIdOf(entity);
      const producer = kafka.producer({
        transactionalId: `${id}-aborted`,
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await producer.connect();
      try {
        const transaction = await producer.transaction();
        const messages = await Promise.all(
          events.map(async (event) => ({ key: event.key, value: await registry.encode(schemaId, event) })),
        );
        await transaction.send({ topic: topic(entity), messages, acks: -1 });
        await transaction.abort();
      } finally {
        await producer.disconnect();
      }
    },

    /** The registry id of the entity's ChangeEvent schema on its topic (registered if need be). */
    async schemaIdOf(entity: string): Promise<number> {
      const schema = JSON.stringify(loadChangeEventSchema(entity as Table));
      const known = schemaIds.get(schema);
      if (known !== undefined) return known;
      const { id } = await registry.register(
        { type: SchemaType.AVRO, schema },
        { subject: `${topic(entity)}-value` },
      );
      schemaIds.set(schema, id);
      return id;
    },

    /** A source TRUNCATE at `pos`, as cdc-ingest emits it: one `t` event on every partition of the topic. */
    async produceTruncate(entity: string, table: Table, pos: number) {
      const event = changeEvent(table, 'c', '', pos, {}, null);
      Object.assign(event, { op: 't', before: null, after: null });
      const admin = kafka.admin();
      await admin.connect();
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic(entity)] })).topics;
      await admin.disconnect();
      const schema = JSON.stringify(loadChangeEventSchema(table));
      const { id: schemaId } = await registry.register(
        { type: SchemaType.AVRO, schema },
        { subject: `${topic(entity)}-value` },
      );
      const value = await registry.encode(schemaId, event);
      const producer = kafka.producer({ idempotent: true });
      await producer.connect();
      try {
        const messages = (metadata?.partitions ?? []).map((p) => ({
          partition: p.partitionId,
          key: null,
          value,
        }));
        await producer.send({ topic: topic(entity), messages, acks: -1 });
      } finally {
        await producer.disconnect();
      }
    },

    /**
     * The sink in this process, on the real stack; overrides go over the private environment, and
     * `deps` replace the real encoder (a test that wraps it to fail on one record, say).
     */
    startSink(
      overrides: Record<string, string> = {},
      deps: Partial<Pick<SinkDeps, 'encode'>> = {},
    ): Promise<LakeSinkService> {
      const config = loadSinkConfig({ ...process.env, ...env, ...overrides });

      const service = lakeSinkService(config, {
        kafka: connectKafka({
          brokers: config.KAFKA_BROKERS,
          clientId: `${id}-sink`,
          log: process.env.LAKESTREAM_TEST_LOG ? serviceLogger('lake-sink-kafka') : silentLog,
        }),
        decoder: recordDecoder({ registryUrl }),
        storage: warehouseStorage(config.LAKESTREAM_WAREHOUSE, () => localS3Client(stack)),
        claimChecks: warehouseStorage(config.CLAIM_CHECK_LOCATION, () => localS3Client(stack)),
        encode: deps.encode ?? encodeDataFile,
        readColumns: readDataFileColumns,
        metricsRegistry: new Registry(),
        // LAKESTREAM_TEST_LOG=1 shows the sink's own log lines when a test needs explaining.
        log: process.env.LAKESTREAM_TEST_LOG ? serviceLogger('lake-sink-test') : silentLog,
      });
      return service.start().then(() => service);
    },
  };
}

export type PrivateLake = ReturnType<typeof privateLake>;
