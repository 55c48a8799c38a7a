import type { Type } from 'avsc';
import { avroType } from './avro/options';
import type { AvroJson } from './avro/schema-json';

/**
 * Why a record can never be decoded, whoever consumes it: every consumer dead-letters (or, for a
 * notification feed, skips) with these codes, so one replay tool and one alert serve them all.
 */
export const UNDECODABLE_CODES = ['AVRO_NOT_FRAMED', 'AVRO_UNKNOWN_SCHEMA_ID', 'AVRO_UNDECODABLE'] as const;
export type UndecodableCode = (typeof UNDECODABLE_CODES)[number];

/** A record no retry can decode: not Confluent-framed, an id the registry never issued, or bad bytes. */
export class UndecodableRecord extends Error {
  readonly canRetry = false;
  constructor(
    readonly code: UndecodableCode,
    message: string,
  ) {
    super(message);
    this.name = 'UndecodableRecord';
  }
}

/** The registry could not answer (down, slow, 5xx): the same record decodes once it is back. */
export class RegistryUnavailable extends Error {
  readonly canRetry = true;
  readonly code = 'REGISTRY_UNAVAILABLE';
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'RegistryUnavailable';
  }
}

/** One writer schema from the registry: the JSON as registered (Connect's `connect.*` attributes kept). */
export interface WriterSchema {
  readonly id: number;
  readonly json: AvroJson;
  readonly type: Type;
}

export interface DecodedRecord {
  readonly value: unknown;
  readonly writer: WriterSchema;
}

export interface RecordDecoderOptions {
  /** Confluent-compatible API base URL, e.g. `http://127.0.0.1:8081/apis/ccompat/v7`. */
  registryUrl: string;
  fetch?: typeof fetch;
}

/** Byte 0 is the magic 0 and bytes 1–4 the schema id (Confluent wire format). */
export const isConfluentFramed = (bytes: Buffer | null | undefined): bytes is Buffer =>
  bytes != null && bytes.length >= 5 && bytes[0] === 0;

/**
 * Decodes Confluent-framed Avro with the writer schema its id names, for every consumer of the
 * project. Each schema is fetched once (concurrent first uses share the request) and then decoding
 * is synchronous, so the hot path awaits nothing. Errors say whether retrying can help: an
 * `UndecodableRecord` never will; a `RegistryUnavailable` will, and is not remembered.
 */
export function recordDecoder(options: RecordDecoderOptions) {
  const doFetch = options.fetch ?? fetch;
  const known = new Map<number, WriterSchema>();
  const loading = new Map<number, Promise<WriterSchema>>();

  async function load(id: number): Promise<WriterSchema> {
    let response: Response;
    try {
      response = await doFetch(`${options.registryUrl}/schemas/ids/${id}`);
    } catch (error) {
      throw new RegistryUnavailable(`schema registry unreachable: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (response.status === 404) {
      throw new UndecodableRecord('AVRO_UNKNOWN_SCHEMA_ID', `the registry has no schema with id ${id}`);
    }
    if (!response.ok)
      throw new RegistryUnavailable(`schema registry answered ${response.status} for id ${id}`);
    const body = (await response.json()) as { schema?: unknown; schemaType?: unknown };
    if (typeof body.schema !== 'string' || (body.schemaType !== undefined && body.schemaType !== 'AVRO')) {
      throw new UndecodableRecord('AVRO_UNKNOWN_SCHEMA_ID', `schema id ${id} is not an Avro schema`);
    }
    const json = JSON.parse(body.schema) as AvroJson;
    let type: Type;
    try {
      type = avroType(json);
    } catch (error) {
      throw new UndecodableRecord(
        'AVRO_UNKNOWN_SCHEMA_ID',
        `schema id ${id} cannot be parsed: ${(error as Error).message}`,
      );
    }
    const writer = { id, json, type };
    known.set(id, writer);
    return writer;
  }

  function read(writer: WriterSchema, payload: Buffer): DecodedRecord {
    try {
      return { value: writer.type.fromBuffer(payload), writer };
    } catch (error) {
      throw new UndecodableRecord(
        'AVRO_UNDECODABLE',
        `bytes do not match schema id ${writer.id}: ${(error as Error).message}`,
      );
    }
  }

  /** The writer schema of an id, from the cache or the registry. */
  function writerSchema(id: number): WriterSchema | Promise<WriterSchema> {
    const cached = known.get(id);
    if (cached) return cached;
    let pending = loading.get(id);
    if (!pending) {
      pending = load(id).finally(() => loading.delete(id));
      loading.set(id, pending);
    }
    return pending;
  }

  return {
    writerSchema,
    /** Synchronous once the record's schema is known; a promise only on its first use. */
    decode(bytes: Buffer | null | undefined): DecodedRecord | Promise<DecodedRecord> {
      if (!isConfluentFramed(bytes)) {
        throw new UndecodableRecord(
          'AVRO_NOT_FRAMED',
          'not a Confluent-framed Avro record (magic byte 0, then a 4-byte schema id)',
        );
      }
      const payload = bytes.subarray(5);
      const writer = writerSchema(bytes.readInt32BE(1));
      return writer instanceof Promise ? writer.then((w) => read(w, payload)) : read(writer, payload);
    },
  };
}

export type RecordDecoder = ReturnType<typeof recordDecoder>;
