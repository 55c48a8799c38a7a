/**
 * Records no consumer of a Confluent-framed Avro topic can ever decode, one of each kind the shared
 * decoder names (libs/schemas record-decoder.ts): every consumer's poison test sends these between
 * good records, beside the poison of its own domain.
 */
export function undecodableRecords(validSchemaId: number): { kind: string; code: string; value: Buffer }[] {
  const framed = (id: number, payload: Buffer) => {
    const header = Buffer.alloc(5);
    header.writeInt32BE(id, 1);
    return Buffer.concat([header, payload]);
  };
  return [
    { kind: 'JSON, not Avro', code: 'AVRO_NOT_FRAMED', value: Buffer.from('{"op":"c","after":{"id":1}}') },
    { kind: 'too short to be framed', code: 'AVRO_NOT_FRAMED', value: Buffer.from([0, 0, 1]) },
    // Ids the registry never issued: it counts up from 1, far from here.
    {
      kind: 'an unknown schema id',
      code: 'AVRO_UNKNOWN_SCHEMA_ID',
      value: framed(2_000_000_000, Buffer.from([2])),
    },
    {
      kind: 'bytes the schema cannot read',
      code: 'AVRO_UNDECODABLE',
      value: framed(validSchemaId, Buffer.from([0xff, 0xff, 0xff])),
    },
  ];
}
