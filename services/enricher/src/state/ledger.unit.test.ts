import { arrivalRef, decide, type LedgerEntry, refOf, withRevision } from './ledger';

const entry: LedgerEntry = {
  kind: 'change',
  entity: 'order_items',
  key: '1',
  ordinal: 'b:0000000001:00000000000000000045:000000',
  input: '',
  emittedAtMs: 1_000,
  missing: ['fx_rates:EUR@2026-12-06', 'products:ACME-1'],
  open: true,
  revisions: [
    {
      revision: 0,
      missing: ['fx_rates:EUR@2026-12-06', 'products:ACME-1'],
      value: 'AA==',
      trigger: 'source',
    },
  ],
};

describe('late reference data', () => {
  it('re-emits with the next revision once a missing reference arrives within the window', () => {
    expect(decide(entry, ['fx_rates:EUR@2026-12-06'], 2_000, 60_000)).toEqual({
      action: 'emit',
      revision: 1,
      missing: ['fx_rates:EUR@2026-12-06'],
      open: true,
    });
    const partial = withRevision(entry, {
      revision: 1,
      missing: ['fx_rates:EUR@2026-12-06'],
      value: 'AQ==',
      trigger: '0:7',
    });
    expect(decide(partial, [], 3_000, 60_000)).toEqual({
      action: 'emit',
      revision: 2,
      missing: [],
      open: false,
    });
    const complete = withRevision(partial, { revision: 2, missing: [], value: 'Ag==', trigger: '0:9' });
    expect(complete.open).toBe(false);
    expect(decide(complete, [], 4_000, 60_000)).toEqual({ action: 'none' });
  });

  it('sends nothing while what is missing is still missing (an unrelated arrival)', () => {
    expect(decide(entry, entry.missing, 2_000, 60_000)).toEqual({ action: 'none' });
  });

  it('expires an entry whose reference comes after the window, sending nothing', () => {
    const decision = decide(entry, [], 61_001 + 1_000, 60_000);
    expect(decision).toMatchObject({ action: 'expire', entry: { open: false, expired: true } });
  });

  it('names references as missing does: an fx rate by its currency, whatever the date', () => {
    expect(refOf('fx_rates:EUR@2026-12-06')).toBe('fx_rates:EUR');
    expect(arrivalRef('fx_rates', 'EUR|20700')).toBe('fx_rates:EUR');
    expect(arrivalRef('products', 'ACME-1')).toBe(refOf('products:ACME-1'));
  });
});
