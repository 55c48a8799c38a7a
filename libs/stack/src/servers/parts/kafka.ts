import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { StackConfig } from '../../config';
import { ensureCached, mavenCopyDependencies, run } from '../install';
import type { PartContext, StackPart } from '../part';

const version = '4.3.1';
const javaClasspath = (ctx: PartContext) => `${ctx.cacheDir}/libs/*`;

/**
 * A single-node KRaft cluster (broker and controller in one process). Replication factors of 1 and
 * no initial rebalance delay make transactions and consumer groups work at once on one node.
 */
function serverProperties(config: StackConfig, logDirs: string): string {
  const { host, ports } = config;
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${host}:${ports.kafkaController}`,
    `listeners=PLAINTEXT://${host}:${ports.kafka},CONTROLLER://${host}:${ports.kafkaController}`,
    `advertised.listeners=PLAINTEXT://${host}:${ports.kafka}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${logDirs}`,
    'num.partitions=3',
    'default.replication.factor=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=10',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=true',
    'log.retention.hours=168',
    'log.segment.bytes=268435456',
    '',
  ].join('\n');
}

/**
 * A Kafka cluster id is 16 random bytes in URL-safe base64 without padding (what StorageTool prints).
 * One in 64 such ids starts with '-', which StorageTool's argument parser reads as an option and
 * refuses; Kafka's own Uuid.randomUuid draws again for the same reason, and so does this.
 */
export function newClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export const kafkaPart: StackPart = {
  name: 'kafka',
  version,
  cacheKey: `kafka-${version}`,
  dependsOn: [],
  readyTimeoutMs: 60_000,
  ports: (config) => [config.ports.kafka, config.ports.kafkaController],
  address: (config) => `${config.host}:${config.ports.kafka}`,

  async install(ctx) {
    await ensureCached(ctx.cacheDir, ctx.progress, `Apache Kafka ${version} jars from Maven Central`, (tmp) =>
      mavenCopyDependencies(join(ctx.resourceDir, 'pom.xml'), `${tmp}/libs`),
    );
  },

  async prepare(ctx) {
    const dataDir = join(ctx.stateDir, 'data');
    const propertiesPath = join(ctx.stateDir, 'server.properties');
    mkdirSync(ctx.stateDir, { recursive: true });
    writeFileSync(propertiesPath, serverProperties(ctx.config, dataDir));
    if (existsSync(join(dataDir, 'meta.properties'))) return;
    mkdirSync(dataDir, { recursive: true });
    ctx.progress('formatting KRaft storage');
    await run('java', [
      '-cp',
      javaClasspath(ctx),
      `-Dlog4j2.configurationFile=${join(ctx.resourceDir, 'log4j2.properties')}`,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      newClusterId(),
      '-c',
      propertiesPath,
    ]);
  },

  process: (ctx) => ({
    command: 'java',
    args: [
      '-Xms256m',
      '-Xmx1g',
      '-XX:+UseG1GC',
      '-cp',
      javaClasspath(ctx),
      `-Dlog4j2.configurationFile=${join(ctx.resourceDir, 'log4j2.properties')}`,
      `-Dkafka.logs.dir=${ctx.stateDir}`,
      'kafka.Kafka',
      join(ctx.stateDir, 'server.properties'),
    ],
  }),

  async probe(ctx) {
    const admin = new Kafka({
      clientId: 'lakestream-stack-probe',
      brokers: [kafkaPart.address(ctx.config)],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.brokers.length > 0;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  },
};
