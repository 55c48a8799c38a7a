import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { type AvroJson, type ChangeEvent, isRecordJson, type RecordJson } from '@lakestream/schemas';
import { type ColumnShape, rowColumns } from './lake/columns';

interface WriterSchema {
  decode(payload: Buffer): ChangeEvent<Record<string, unknown>>;
  columns: ColumnShape[];
}

/**
 * A record that can never become a row: not Confluent-framed Avro, or bytes its own writer schema
 * cannot read. Registry outages are not this; they throw plain errors and the batch is retried.
 */
export class UndecodableRecord extends Error {
  constructor(
    readonly code: 'SINK_NOT_AVRO' | 'SINK_UNDECODABLE',
    message: string,
  ) {
    super(message);
    this.name = 'UndecodableRecord';
  }
}

export interface DecodedChange {
  event: ChangeEvent<Record<string, unknown>>;
  columns: ColumnShape[];
}

/**
 * Decodes ChangeEvents by the registry id in their Confluent wire header (byte 0 magic, bytes 1-4
 * id), with the Iceberg columns of that writer schema. A column added at the source arrives as a new
 * registered version, hence as new columns here. Only the first record of a schema waits for the
 * registry; the rest decode synchronously.
 */
export function writerSchemas(registry: SchemaRegistry) {
  const known = new Map<number, WriterSchema>();
  const loading = new Map<number, Promise<WriterSchema>>();

  async function load(id: number): Promise<WriterSchema> {
    const type = (await registry.getSchema(id)) as unknown as {
      schema(options: object): AvroJson;
      fromBuffer(buffer: Buffer): unknown;
    };
    const schema = type.schema({ exportAttrs: true });
    if (!isRecordJson(schema)) throw new Error(`registry schema ${id} is not a record`);
    // The row record is defined where it first appears (`before`) and named in `after`.
    const branches = schema.fields
      .filter((f) => f.name === 'before' || f.name === 'after')
      .flatMap((f) => (Array.isArray(f.type) ? f.type : [f.type]));
    const row = branches.find(
      (b): b is RecordJson => typeof b === 'object' && !Array.isArray(b) && isRecordJson(b),
    );
    if (!row) throw new Error(`registry schema ${id} has no row record in "before" or "after"`);
    const writer: WriterSchema = {
      decode: (payload) => {
        try {
          return type.fromBuffer(payload) as ChangeEvent<Record<string, unknown>>;
        } catch (error) {
          throw new UndecodableRecord(
            'SINK_UNDECODABLE',
            `schema ${id} cannot read the record: ${(error as Error).message}`,
          );
        }
      },
      columns: rowColumns(row),
    };
    known.set(id, writer);
    return writer;
  }

  return (message: Buffer): DecodedChange | Promise<DecodedChange> => {
    if (message.length < 5 || message[0] !== 0) {
      throw new UndecodableRecord(
        'SINK_NOT_AVRO',
        'not a Confluent-framed Avro record (magic byte 0, schema id)',
      );
    }
    const id = message.readInt32BE(1);
    const payload = message.subarray(5);
    const writer = known.get(id);
    if (writer) return { event: writer.decode(payload), columns: writer.columns };
    let pending = loading.get(id);
    if (!pending) {
      pending = load(id).finally(() => loading.delete(id));
      loading.set(id, pending);
    }
    return pending.then((loaded) => ({ event: loaded.decode(payload), columns: loaded.columns }));
  };
}
