import {
  type ChangeEvent,
  isRecordJson,
  type RecordDecoder,
  type RecordJson,
  UndecodableRecord,
  type WriterSchema,
} from '@lakestream/schemas';
import { type ColumnShape, rowColumns } from './lake/columns';
import { ENRICHMENT_COLUMNS } from './lake/emission';

export interface DecodedChange {
  event: ChangeEvent<Record<string, unknown>>;
  columns: ColumnShape[];
}

/** The row record of a ChangeEvent schema: defined where it first appears (`before`), named in `after`. */
function rowRecord(writer: WriterSchema): RecordJson {
  const schema = writer.json;
  if (typeof schema !== 'object' || Array.isArray(schema) || !isRecordJson(schema)) {
    throw new UndecodableRecord('AVRO_UNDECODABLE', `schema ${writer.id} is not a ChangeEvent record`);
  }
  const branches = schema.fields
    .filter((f) => f.name === 'before' || f.name === 'after')
    .flatMap((f) => (Array.isArray(f.type) ? f.type : [f.type]));
  const row = branches.find(
    (b): b is RecordJson => typeof b === 'object' && !Array.isArray(b) && isRecordJson(b),
  );
  if (!row) {
    throw new UndecodableRecord(
      'AVRO_UNDECODABLE',
      `schema ${writer.id} has no row record in "before" or "after"`,
    );
  }
  return row;
}

function isEnriched(writer: WriterSchema): boolean {
  const schema = writer.json;
  return (
    typeof schema === 'object' &&
    !Array.isArray(schema) &&
    isRecordJson(schema) &&
    schema.fields.some((f) => f.name === 'enrichment')
  );
}

/**
 * ChangeEvents through the shared registry decoder, with the Iceberg columns of their writer schema:
 * a column added at the source arrives as a new registered version, hence as new columns here. The
 * columns are worked out once per schema id; records decode synchronously once their schema is known.
 */
export function writerSchemas(decoder: RecordDecoder) {
  const columns = new Map<number, ColumnShape[]>();
  const shape = ({ value, writer }: { value: unknown; writer: WriterSchema }): DecodedChange => {
    let known = columns.get(writer.id);
    if (!known) {
      known = rowColumns(rowRecord(writer));
      // An enriched record (lakestream.enriched.*) also says which emission of its change it is.
      if (isEnriched(writer)) known.push(...ENRICHMENT_COLUMNS);
      columns.set(writer.id, known);
    }
    return { event: value as ChangeEvent<Record<string, unknown>>, columns: known };
  };
  return (message: Buffer): DecodedChange | Promise<DecodedChange> => {
    const decoded = decoder.decode(message);
    return decoded instanceof Promise ? decoded.then(shape) : shape(decoded);
  };
}
