import { loadEnrichedEventSchema, TABLES } from '../entities';
import { PII_COLUMNS } from '../pii';
import { checkBackward } from './compatibility';
import { enrichedEventSchema, enrichedRowSchema } from './enriched-event';
import { avroType } from './options';
import {
  changeEventHistory,
  derivedHistory,
  derivedTables,
  enrichedEventHistory,
  latestVersion,
  rowHistory,
} from './schema-files';
import { isRecordJson, type RecordJson } from './schema-json';

/**
 * `lakestream.enriched.<entity>-value` evolves BACKWARD like the changes subjects: its schema is made
 * of four kept histories (the ChangeEvent envelope, the enriched-event fields, the row, the derived
 * columns), so the newest combination must read every earlier one.
 */
const envelopes = changeEventHistory();
const enrichedTemplates = enrichedEventHistory();

describe.each([...TABLES])('lakestream.enriched.%s', (table) => {
  const rows = rowHistory(table);
  const derived = derivedHistory(table);
  const newest = loadEnrichedEventSchema(table);

  it('parses with our logical types, named <Entity>EnrichedEvent around <Entity>EnrichedRow', () => {
    expect(() => avroType(newest)).not.toThrow();
    expect(newest.name).toMatch(/EnrichedEvent$/);
    const after = newest.fields.find((f) => f.name === 'after');
    const row = ((after?.type ?? []) as unknown[]).find((t) => typeof t === 'string' && t !== 'null');
    expect(row).toMatch(/^lakestream\.enriched\.\w+EnrichedRow$/);
  });

  it('reads every earlier (envelope, enriched fields, row, derived columns) combination', () => {
    for (const changeEvent of envelopes) {
      for (const enriched of enrichedTemplates) {
        for (const row of rows) {
          for (const d of derived.length > 0 ? derived : [undefined]) {
            const older = enrichedEventSchema(table, row.schema, d?.schema, {
              changeEvent: changeEvent.schema,
              enriched: enriched.schema,
            });
            expect({
              versions: [changeEvent.version, enriched.version, row.version, d?.version],
              ...checkBackward(newest, older),
            }).toEqual({
              versions: [changeEvent.version, enriched.version, row.version, d?.version],
              compatible: true,
            });
          }
        }
      }
    }
  });

  it('reads a ChangeEvent-shaped record with the enrichment defaults', () => {
    // The enrichment record defaults, so a reader of this schema reads an event written without it.
    const field = newest.fields.find((f) => f.name === 'enrichment');
    expect(field?.default).toEqual({ status: 'complete', missing: [], revision: 0, piiKeyId: null });
  });
});

it('derived columns are optional with default null, and never reuse a row column', () => {
  for (const table of derivedTables()) {
    const row = latestVersion(rowHistory(table)).schema;
    const rowNames = new Set(row.fields.map((f) => f.name));
    for (const kept of derivedHistory(table)) {
      for (const field of kept.schema.fields) {
        expect({
          table,
          field: field.name,
          default: field.default,
          nullable: Array.isArray(field.type),
        }).toEqual({ table, field: field.name, default: null, nullable: true });
        expect(rowNames.has(field.name)).toBe(false);
      }
    }
  }
});

it('the enriched row keeps every source column (PII columns under their names) and adds the derived ones', () => {
  const row = latestVersion(rowHistory('customers')).schema;
  const enriched = enrichedRowSchema('customers', row);
  expect(enriched.fields.map((f) => f.name)).toEqual(row.fields.map((f) => f.name));
  for (const column of PII_COLUMNS.customers) {
    expect(enriched.fields.find((f) => f.name === column)?.doc).toMatch(/Pseudonymised/);
  }
  const items = enrichedRowSchema(
    'order_items',
    latestVersion(rowHistory('order_items')).schema,
    latestVersion(derivedHistory('order_items')).schema,
  );
  expect(items.fields.map((f) => f.name)).toEqual(
    expect.arrayContaining(['id', 'line_amount', 'category', 'line_amount_usd', 'margin_usd']),
  );
});

it('a source column added at runtime (an evolved writer row) is carried into the enriched row', () => {
  const row = latestVersion(rowHistory('orders')).schema;
  const evolved: RecordJson = {
    ...row,
    fields: [...row.fields, { name: 'gift_note', type: ['null', 'string'], default: null }],
  };
  const schema = enrichedEventSchema('orders', evolved, latestVersion(derivedHistory('orders')).schema);
  const after = schema.fields.find((f) => f.name === 'before')?.type as unknown[];
  const record = after.find((t) => typeof t === 'object') as RecordJson;
  expect(isRecordJson(record)).toBe(true);
  expect(record.fields.map((f) => f.name)).toContain('gift_note');
  expect(checkBackward(schema, loadEnrichedEventSchema('orders'))).toEqual({ compatible: true });
});
