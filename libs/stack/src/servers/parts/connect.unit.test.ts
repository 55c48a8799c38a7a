import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStackConfig } from '../../config';
import { debeziumConnectorConfig } from './connect';

const config = loadStackConfig({});

describe("the stack's Debezium connector config", () => {
  const rendered = debeziumConnectorConfig(config);

  it('emits truncates: skipped.operations is none, not the connector default t', () => {
    expect(rendered['skipped.operations']).toBe('none');
  });

  it('captures the GlobalMart database under the globalmart prefix, with Avro values and keys', () => {
    expect(rendered).toMatchObject({
      name: 'globalmart-source',
      'topic.prefix': 'globalmart',
      'database.include.list': config.mariadb.database,
      'database.server.id': 5401,
      'key.converter': 'io.apicurio.registry.utils.converter.AvroConverter',
      'value.converter': 'io.apicurio.registry.utils.converter.AvroConverter',
      'tombstones.on.delete': true,
    });
    expect(rendered).not.toHaveProperty('table.include.list');
    expect(rendered).not.toHaveProperty('snapshot.locking.mode');
  });

  it('outlasts a broker restart while it recovers its schema history', () => {
    const polls = Number(rendered['schema.history.internal.kafka.recovery.attempts']);
    const pollMs = Number(rendered['schema.history.internal.kafka.recovery.poll.interval.ms']);
    expect(polls * pollMs).toBeGreaterThanOrEqual(120_000);
  });

  it('is the one docker-compose registers, but for the addresses of the servers', () => {
    const file = join(__dirname, '../../../../../deploy/compose/connector.json');
    const compose = JSON.parse(readFileSync(file, 'utf8')).config as Record<string, string>;
    const address = /hostname|port$|bootstrap\.servers|registry\.url/;
    const settings = (c: Record<string, unknown>) =>
      Object.entries(c)
        .filter(([key]) => key !== 'name' && !address.test(key))
        .map(([key, value]) => [key, String(value)])
        .sort();
    expect(settings(compose)).toEqual(settings(rendered));
  });
});

describe('a private connector beside it', () => {
  const own = debeziumConnectorConfig(config, {
    name: 'truncate-test',
    topicPrefix: 'tt_1',
    serverId: 7777,
    database: 'globalmart_scratch_1',
    tables: ['fx_rates'],
  });

  it('has its own name, prefix, schema history, replica id and tables', () => {
    expect(own).toMatchObject({
      name: 'truncate-test',
      'topic.prefix': 'tt_1',
      'schema.history.internal.kafka.topic': 'schema-history.tt_1',
      'database.server.id': 7777,
      'database.include.list': 'globalmart_scratch_1',
      'table.include.list': 'globalmart_scratch_1.fx_rates',
      'snapshot.locking.mode': 'none',
    });
  });

  it("keeps every capture setting of the stack's connector", () => {
    const ownKeys = new Set(['name', 'topic.prefix', 'schema.history.internal.kafka.topic']);
    for (const [key, value] of Object.entries(debeziumConnectorConfig(config))) {
      if (ownKeys.has(key) || key.startsWith('database.')) continue;
      expect([key, own[key]]).toEqual([key, value]);
    }
  });
});
