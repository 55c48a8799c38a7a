import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { type AvroJson, isRecordJson, type RecordJson } from '@lakestream/schemas';
import { type ColumnShape, rowColumns } from './lake/columns';

/**
 * The Iceberg columns of each ChangeEvent writer schema, found by the registry id in the record's
 * Confluent wire header (byte 0 magic, bytes 1-4 id). A column added at the source arrives as a new
 * registered version, hence as new columns here.
 */
export function writerColumns(registry: SchemaRegistry) {
  const byId = new Map<number, Promise<ColumnShape[]>>();
  return (message: Buffer): Promise<ColumnShape[]> => {
    if (message.length < 5 || message[0] !== 0) throw new Error('not a Confluent-framed Avro record');
    const id = message.readInt32BE(1);
    let columns = byId.get(id);
    if (!columns) {
      columns = registry.getSchema(id).then((type) => {
        const schema = (type as unknown as { schema(o: object): AvroJson }).schema({ exportAttrs: true });
        if (!isRecordJson(schema)) throw new Error(`registry schema ${id} is not a record`);
        // The row record is defined where it first appears (`before`) and named in `after`.
        const branches = schema.fields
          .filter((f) => f.name === 'before' || f.name === 'after')
          .flatMap((f) => (Array.isArray(f.type) ? f.type : [f.type]));
        const row = branches.find(
          (b): b is RecordJson => typeof b === 'object' && !Array.isArray(b) && isRecordJson(b),
        );
        if (!row) throw new Error(`registry schema ${id} has no row record in "before" or "after"`);
        return rowColumns(row);
      });
      columns.catch(() => byId.delete(id));
      byId.set(id, columns);
    }
    return columns;
  };
}
