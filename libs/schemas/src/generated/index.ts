// Generated from libs/schemas/avro/**: do not edit. Change the schema, then run
// `npm run generate -w @lakestream/schemas`; a unit test fails while this file and the schemas differ.

export * from './catalog';
export * from './change-event';
export * from './customers';
export * from './derived';
export * from './enriched';
export * from './fx_rates';
export * from './inventory';
export * from './invoices';
export * from './markets';
export * from './order_items';
export * from './orders';
export * from './payments';
export * from './products';
export * from './tenants';
export * from './vendors';
export * from './warehouses';
