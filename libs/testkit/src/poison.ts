import { uniqueName } from '@lakestream/stack';

/**
 * Records no consumer of a Confluent-framed Avro topic can ever decode, one of each kind the shared
 * decoder names (libs/schemas record-decoder.ts): every consumer's poison test sends these between
 * good records, beside the poison of its own domain. `validSchemaId` must be an id the registry
 * serves (see `poisonSchemaId`), or "bytes the schema cannot read" is an unknown id instead.
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
      // A varint whose continuation bits run past the end: no long can be read from it.
      kind: 'bytes the schema cannot read',
      code: 'AVRO_UNDECODABLE',
      value: framed(validSchemaId, Buffer.from([0xff, 0xff, 0xff])),
    },
  ];
}

/**
 * Registers a one-long record schema under a subject of its own and returns its id. A fixed id is not
 * safe: which ids a fresh registry has issued depends on which tests ran first, and Apicurio does
 * not start at 1.
 */
export async function poisonSchemaId(confluentRegistryUrl: string): Promise<number> {
  const subject = `${uniqueName('poison')}-value`;
  const schema = JSON.stringify({ type: 'record', name: 'Poison', fields: [{ name: 'n', type: 'long' }] });
  const response = await fetch(`${confluentRegistryUrl}/subjects/${subject}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema }),
  });
  if (!response.ok)
    throw new Error(`registering ${subject} failed: ${response.status} ${await response.text()}`);
  const { id } = (await response.json()) as { id?: unknown };
  if (typeof id !== 'number') throw new Error(`registering ${subject} returned no id`);
  return id;
}
