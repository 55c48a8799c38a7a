import type { DecodedChange } from './decode';

/**
 * A DMS update that changed the primary key (its before image names another key, `previousKey`)
 * becomes two changes, as Debezium emits a key change: the old key's delete, then the new key's
 * create. With the update alone, every sink would upsert the new key and keep the old row alive.
 * The delete carries the before image when DMS sent all of it (else none: a partial row cannot stand
 * as a row); the steps 0 and 1 of the DMS position give the two distinct ordinals in that order.
 * Any other change is returned as it is.
 */
export function splitKeyChange(change: DecodedChange): DecodedChange[] {
  const { previousKey, ...rest } = change;
  if (!previousKey) return [change];
  const at = (step: number) => (rest.position.source === 'dms' ? { ...rest.position, step } : rest.position);
  const oldKeyDelete: DecodedChange = {
    ...rest,
    op: 'd',
    key: previousKey,
    after: null,
    position: at(0),
    ...(rest.before ? {} : { tenantRow: { ...rest.after, ...previousKey } }),
  };
  const newKeyCreate: DecodedChange = { ...rest, op: 'c', before: null, position: at(1) };
  return [oldKeyDelete, newKeyCreate];
}
