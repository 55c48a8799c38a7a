import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { schemaRegistry } from '@lakestream/schemas';
import { loadStackConfig } from '../../config';
import { uniqueName } from '../../names';
import { registryUrls } from '../parts/registry';

const config = loadStackConfig();
const urls = registryUrls(config);

const orderV1 = {
  type: 'record',
  name: 'Order',
  namespace: 'check',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'status', type: 'string' },
  ],
};

describe('schema registry through the Confluent API', () => {
  it('registers, encodes to the wire format, and decodes by id', async () => {
    const registry = schemaRegistry(urls.confluent);
    const subject = uniqueName('check-order-value');
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(orderV1) },
      { subject },
    );
    const bytes = await registry.encode(id, { id: 2n ** 60n + 1n, status: 'paid' });
    // Confluent wire format: magic byte 0, then the schema id as a 4-byte big-endian integer.
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(id);
    expect(await registry.decode(bytes)).toEqual({ id: 2n ** 60n + 1n, status: 'paid' });
    expect(await registry.getLatestSchemaId(subject)).toBe(id);
  });

  it('accepts a BACKWARD-compatible version and rejects an incompatible one with 409', async () => {
    const registry = schemaRegistry(urls.confluent);
    const subject = uniqueName('check-compat-value');
    await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(orderV1) }, { subject });
    const setCompatibility = await fetch(`${urls.confluent}/config/${subject}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ compatibility: 'BACKWARD' }),
    });
    expect(setCompatibility.status).toBe(200);

    const withDefault = {
      ...orderV1,
      fields: [...orderV1.fields, { name: 'currency', type: 'string', default: 'USD' }],
    };
    const v2 = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(withDefault) },
      { subject },
    );
    expect(v2.id).toEqual(expect.any(Number));

    const withoutDefault = {
      ...orderV1,
      fields: [...orderV1.fields, { name: 'channel', type: 'string' }],
    };
    const rejected = await fetch(`${urls.confluent}/subjects/${subject}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema: JSON.stringify(withoutDefault), schemaType: 'AVRO' }),
    });
    expect(rejected.status).toBe(409);
  });
});
