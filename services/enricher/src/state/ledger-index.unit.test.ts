import { type LedgerEntry, withRevision } from './ledger';
import { ledgerIndex } from './ledger-index';

const partial: LedgerEntry = {
  kind: 'change',
  entity: 'order_items',
  key: '2',
  ordinal: 'b:0000000001:00000000000000000045:000000',
  input: '',
  emittedAtMs: 1_000,
  missing: ['products:SKU-LATE'],
  open: true,
  revisions: [{ revision: 0, missing: ['products:SKU-LATE'], value: 'AA==', trigger: 'source' }],
};

describe('the index of ledger entries', () => {
  it('finds an open entry by the reference it lacks, and a closed one by the trigger that completed it', () => {
    const index = ledgerIndex();
    index.note('c|2', partial);
    expect(index.waiting('products:SKU-LATE')).toEqual(['c|2']);
    expect(index.open()).toBe(1);

    // The arrival marker at pending 0:7 completed it: no longer waiting, but a replay of that
    // marker must find it to send revision 1 again, byte for byte.
    index.note('c|2', {
      ...withRevision(partial, { revision: 1, missing: [], value: 'AQ==', trigger: '0:7' }),
      missing: [],
      open: false,
    });
    expect(index.waiting('products:SKU-LATE')).toEqual([]);
    expect(index.open()).toBe(0);
    expect(index.triggeredBy('0:7')).toEqual(['c|2']);
    expect(index.triggeredBy('0:8')).toEqual([]);

    // Forgotten by the ledger (a tombstone): gone from both.
    index.note('c|2', undefined);
    expect(index.triggeredBy('0:7')).toEqual([]);
  });
});
