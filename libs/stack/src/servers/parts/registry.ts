import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from '../../config';
import { ensureCached, run } from '../install';
import type { PartContext, StackPart } from '../part';

const version = '3.3.3';

export function registryUrls(config: StackConfig) {
  const base = `http://${config.host}:${config.ports.registry}`;
  return {
    base,
    /** The Confluent-compatible API that @kafkajs/confluent-schema-registry speaks. */
    confluent: `${base}/apis/ccompat/v7`,
    /** The API of Apicurio's 2.x converter, which Debezium 3.5 pins. */
    apicurioV2: `${base}/apis/registry/v2`,
  };
}

/**
 * SQL storage on an H2 file instead of the default in-memory H2: an in-memory registry forgets every
 * schema id on restart, stranding every Avro record already on Kafka. WRITE_DELAY=0 because with
 * H2's default delay a schema registered just before a kill -9 was lost.
 */
const storageProperties = (ctx: PartContext) => [
  '-Dapicurio.storage.kind=sql',
  '-Dapicurio.storage.sql.kind=h2',
  `-Dapicurio.datasource.url=jdbc:h2:file:${join(ctx.stateDir, 'data', 'registry')};WRITE_DELAY=0`,
];

export const registryPart: StackPart = {
  name: 'registry',
  version: `Apicurio Registry ${version}`,
  cacheKey: `apicurio-registry-${version}`,
  dependsOn: [],
  readyTimeoutMs: 90_000,
  ports: (config) => [config.ports.registry],
  address: (config) => registryUrls(config).confluent,

  async install(ctx) {
    await ensureCached(
      ctx.cacheDir,
      ctx.progress,
      `Apicurio Registry ${version} from Maven Central`,
      async (tmp) => {
        // Copied so Maven's unpack markers land in the throwaway folder, not the repo.
        const pom = join(tmp, 'pom.xml');
        copyFileSync(join(ctx.resourceDir, 'pom.xml'), pom);
        await run('mvn', [
          '-q',
          '-B',
          '-f',
          pom,
          'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack@registry',
          `-Dregistry.dir=${tmp}/app`,
        ]);
      },
    );
  },

  async prepare(ctx) {
    mkdirSync(join(ctx.stateDir, 'data'), { recursive: true });
  },

  process: (ctx) => ({
    // Apicurio 3.3 needs Java 21 or newer; the machine's default java is 17.
    command: join(ctx.config.java21Home, 'bin', 'java'),
    args: [
      '-Xms128m',
      '-Xmx512m',
      `-Dquarkus.http.host=${ctx.config.host}`,
      `-Dquarkus.http.port=${ctx.config.ports.registry}`,
      // Port 0 alone would open a random management port on every interface.
      `-Dquarkus.management.host=${ctx.config.host}`,
      '-Dquarkus.management.port=0',
      ...storageProperties(ctx),
      '-jar',
      join(ctx.cacheDir, 'app', 'quarkus-run.jar'),
    ],
  }),

  async probe(ctx) {
    const response = await fetch(`${registryUrls(ctx.config).confluent}/subjects`);
    return response.ok;
  },
};
