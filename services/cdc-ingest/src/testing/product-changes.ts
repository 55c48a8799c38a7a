import { fixtureBytes } from '../decode/testing/fixtures';

/**
 * Variants of a captured products update in Debezium JSON with its schema
 * (test-fixtures/debezium-json/products.u.with-schema), for tests of what the source changed: a
 * column added (`gift_wrap BOOLEAN`), and a column whose type changed (`vendor_id` now text, so its
 * value no longer fits the row schema's long). Each edit is checked to have happened.
 */
export const productUpdate = fixtureBytes('debezium-json/products.u.with-schema.value.json').toString();
export const productKey = fixtureBytes('debezium-json/products.u.with-schema.key.json').toString();

function edit(text: string, from: string, to: string): string {
  const edited = text.replaceAll(from, to);
  if (edited === text) throw new Error(`the fixture has no ${JSON.stringify(from)}`);
  return edited;
}

const vendorField = (type: string) =>
  `"type": "${type}",\n            "optional": false,\n            "field": "vendor_id"`;

export function withAddedColumn(value: string): string {
  const schema = edit(
    value,
    '"field": "vendor_id"',
    '"field": "vendor_id"\n          },\n          {\n            "type": "boolean",\n            "optional": true,\n            "field": "gift_wrap"',
  );
  return edit(schema, '"vendor_id": 1,', '"vendor_id": 1, "gift_wrap": true,');
}

export function withVendorIdAsText(value: string): string {
  return edit(
    edit(value, vendorField('int64'), vendorField('string')),
    '"vendor_id": 1,',
    '"vendor_id": "V-1",',
  );
}
