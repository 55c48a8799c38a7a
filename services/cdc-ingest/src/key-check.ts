import type { Failure } from '@lakestream/kafka';
import { canonicalKey, type KeyValues, primaryKey, type Table } from '@lakestream/schemas';
import type { DecodedChange } from './decode';

const text = (table: Table, values: object) => canonicalKey(table, values as KeyValues<typeof table>);

/**
 * The change's canonical key, checked against its row image: the record's key (the Kafka key for
 * Debezium) must name the row the image holds — `after`, or `before` for a delete — for every
 * primary-key column, compared as canonical key text (a BIGINT read as 42 from schemaless JSON and
 * as 42n from Avro agree).
 * A record whose key says one row and whose image another would upsert or delete the wrong key
 * downstream. Debezium's primary-key change (a delete of the old key, a tombstone, a create of the
 * new one) passes: each event's key is its own image's.
 */
export function checkedKey(table: Table, change: DecodedChange): string | Failure {
  let key: string;
  try {
    key = text(table, change.key);
  } catch (error) {
    return { stage: 'decode', code: 'DECODE_BAD_KEY', reason: (error as Error).message, table };
  }
  const [image, name] = change.after ? [change.after, 'after'] : [change.before, 'before'];
  if (!image) return key;
  let imageKey: string;
  try {
    imageKey = text(table, image);
  } catch (error) {
    return mismatch(table, `${name} cannot give the key: ${(error as Error).message}`);
  }
  if (imageKey === key) return key;
  const columns = primaryKey(table).join(', ');
  return mismatch(
    table,
    `the record's key (${columns}) is ${JSON.stringify(key)} but its ${name} image's is ${JSON.stringify(imageKey)}`,
  );
}

function mismatch(table: Table, reason: string): Failure {
  return { stage: 'decode', code: 'DECODE_KEY_MISMATCH', reason, table };
}
