import { avroType } from './avro/options';
import { RegistryUnavailable, recordDecoder, UndecodableRecord } from './record-decoder';

const schema = {
  type: 'record',
  name: 'Thing',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-micros' } },
  ],
};
const framed = (id: number, payload: Buffer) => {
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, payload]);
};
const thing = { id: 2n ** 60n, at: 1_763_889_480_123_456n };
const good = framed(7, avroType(schema as never).toBuffer(thing));

/** A registry that knows id 7 and answers as told for the rest; counts requests. */
function registry(answer: (id: number) => Response | Error = () => new Response('{}', { status: 404 })) {
  const calls: string[] = [];
  const fetch = (async (url: string) => {
    calls.push(url);
    const id = Number(url.split('/').pop());
    if (id === 7) return new Response(JSON.stringify({ schema: JSON.stringify(schema) }));
    const result = answer(id);
    if (result instanceof Error) throw result;
    return result;
  }) as typeof globalThis.fetch;
  return { calls, decoder: recordDecoder({ registryUrl: 'http://registry', fetch }) };
}

const codeOf = async (action: () => unknown) => {
  try {
    await action();
  } catch (error) {
    return error instanceof UndecodableRecord ? error.code : (error as Error).name;
  }
  return 'decoded';
};

describe('recordDecoder', () => {
  it('decodes with the writer schema, fetching it once and synchronously after that', async () => {
    const { calls, decoder } = registry();
    const [first, second] = await Promise.all([decoder.decode(good), decoder.decode(good)]);
    expect(first.value).toEqual(thing);
    expect(second.writer.id).toBe(7);
    const third = decoder.decode(good);
    expect(third).not.toBeInstanceOf(Promise);
    expect(calls).toEqual(['http://registry/schemas/ids/7']);
  });

  it('names what can never be decoded', async () => {
    const { decoder } = registry();
    expect(await codeOf(() => decoder.decode(Buffer.from('{"json":true}')))).toBe('AVRO_NOT_FRAMED');
    expect(await codeOf(() => decoder.decode(null))).toBe('AVRO_NOT_FRAMED');
    expect(await codeOf(() => decoder.decode(framed(404, Buffer.alloc(3))))).toBe('AVRO_UNKNOWN_SCHEMA_ID');
    expect(await codeOf(() => decoder.decode(framed(7, Buffer.from([0xff]))))).toBe('AVRO_UNDECODABLE');
  });

  it('says a registry outage can be retried, and does not remember it', async () => {
    let down = true;
    const { calls, decoder } = registry(() =>
      down ? new Response('busy', { status: 503 }) : new Response(JSON.stringify({ schema: '"string"' })),
    );
    const record = framed(8, avroType('string').toBuffer('back'));
    await expect(decoder.decode(record)).rejects.toBeInstanceOf(RegistryUnavailable);
    down = false;
    expect((await decoder.decode(record)).value).toBe('back');
    expect(calls).toHaveLength(2);
  });

  it('treats a refused connection as an outage, not as bad input', async () => {
    const { decoder } = registry(() => new TypeError('fetch failed'));
    const error = await Promise.resolve()
      .then(() => decoder.decode(framed(9, Buffer.alloc(1))))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailable);
    expect((error as RegistryUnavailable).canRetry).toBe(true);
  });
});
