import * as avro from 'avsc';
import { avroType, reusableAvroOptions } from './options';

const orderV1 = {
  type: 'record',
  name: 'Order',
  namespace: 'check',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'total', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    { name: 'paid_at', type: ['null', { type: 'long', logicalType: 'timestamp-millis' }], default: null },
  ],
};

describe('avroType', () => {
  it('decodes plain longs as bigint and logical types as the README values', () => {
    const type = avroType(orderV1);
    const order = { id: 2n ** 60n + 1n, total: '-12.30', paid_at: 1_763_889_480_123_000n };
    expect(type.fromBuffer(type.toBuffer(order))).toEqual(order);
    expect(type.fromBuffer(type.toBuffer({ ...order, paid_at: null }))).toEqual({ ...order, paid_at: null });
  });

  it('parses the same named schema twice (a fresh registry each time)', () => {
    expect(() => [avroType(orderV1), avroType(orderV1)]).not.toThrow();
  });
});

describe('reusableAvroOptions', () => {
  it('survives the copy a registry client makes before every parse of the same options', () => {
    const options = reusableAvroOptions();
    // @kafkajs/confluent-schema-registry spreads the options it was given into each avsc parse.
    const v1 = avro.Type.forSchema(orderV1 as avro.Schema, { ...options });
    const v2 = avro.Type.forSchema(
      {
        ...orderV1,
        fields: [...orderV1.fields, { name: 'note', type: ['null', 'string'], default: null }],
      } as avro.Schema,
      { ...options },
    );
    const bytes = v1.toBuffer({ id: 7n, total: '1.50', paid_at: null });
    expect(v2.fromBuffer(bytes, v2.createResolver(v1))).toEqual({
      id: 7n,
      total: '1.50',
      paid_at: null,
      note: null,
    });
  });

  it('decodes a Debezium Avro decimal (a Kafka Connect Decimal) to text, as the registry client does', () => {
    const debeziumValue = {
      type: 'record',
      name: 'Value',
      namespace: 'globalmart.globalmart.markets',
      fields: [
        {
          name: 'tax_rate',
          type: {
            type: 'bytes',
            scale: 3,
            precision: 5,
            'connect.version': 1,
            'connect.parameters': { scale: '3', 'connect.decimal.precision': '5' },
            'connect.name': 'org.apache.kafka.connect.data.Decimal',
            logicalType: 'decimal',
          },
        },
      ],
    };
    const type = avro.Type.forSchema(debeziumValue as avro.Schema, { ...reusableAvroOptions() });
    const written = avro.Type.forSchema({
      type: 'record',
      name: 'V',
      fields: [{ name: 'tax_rate', type: 'bytes' }],
    });
    expect(type.fromBuffer(written.toBuffer({ tax_rate: Buffer.from('5208', 'hex') }))).toEqual({
      tax_rate: '21.000',
    });
  });
});

describe('longs with attributes', () => {
  it('decode as bigint too, so a Debezium timestamp-like long above 2^53 keeps every digit', () => {
    const schema = {
      type: 'record',
      name: 'Source',
      fields: [
        { name: 'ts_ns', type: { type: 'long', 'connect.name': 'io.debezium.time.NanoTimestamp' } },
        { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
      ],
    };
    const type = avroType(schema as never);
    const value = { ts_ns: 1_795_426_104_802_936_091n, at: 1_795_426_104_802_000n };
    expect(type.fromBuffer(type.toBuffer(value))).toEqual(value);
  });
});
