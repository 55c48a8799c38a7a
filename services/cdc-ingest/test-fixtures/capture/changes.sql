-- Source changes whose Debezium records become the debezium-avro fixtures (see capture-debezium.js).
-- Every row inserted here is deleted again at the end, so the source is left as it was (only the
-- AUTO_INCREMENT counters of orders, invoices, order_items and customers move on).
-- Each statement autocommits: one binlog transaction (one GTID) per statement, except where noted.
-- Times are explicit so the fixtures are deterministic; the session runs in UTC.
SET time_zone = '+00:00';

-- orders: a negative DECIMAL(12,2), NULL DATETIME(3) columns, an ENUM.
INSERT INTO orders (tenant_id, customer_id, market_id, warehouse_id, status, currency, total_amount,
                    ordered_at, shipped_at, delivered_at, created_at, updated_at)
VALUES ('acme', 3, 'MX-NLE', 'ACME-WH-MX-MEX-01', 'pending', 'MXN', -1234567890.12,
        '2026-11-24 10:15:30.123', NULL, NULL, '2026-11-24 10:15:30.456', '2026-11-24 10:15:30.456');
SET @order_id = LAST_INSERT_ID();

-- invoices: DATE and DECIMAL(5,3).
INSERT INTO invoices (tenant_id, order_id, invoice_number, status, currency, net_amount, tax_rate,
                      tax_amount, total_amount, issued_at, due_date, created_at, updated_at)
VALUES ('acme', @order_id, 'ZZ-CAPTURE-0001', 'issued', 'MXN', 100.00, 16.125, 16.13, 116.13,
        '2026-11-24 23:59:59.999', '2026-12-24', '2026-11-24 23:59:59.999', '2026-11-24 23:59:59.999');
SET @invoice_id = LAST_INSERT_ID();

-- order_items: a BIGINT above 2^53 in a non-key column. No such order exists, hence the session-only
-- foreign_key_checks = 0 around this one insert.
SET foreign_key_checks = 0;
INSERT INTO order_items (tenant_id, order_id, sku, quantity, unit_price, discount_amount, line_amount,
                         created_at, updated_at)
VALUES ('acme', 9007199254740993, 'ACME-OFF-00004', 3, 19.99, -0.01, 59.98,
        '2026-11-24 10:15:31.000', '2026-11-24 10:15:31.000');
SET @item_id = LAST_INSERT_ID();
SET foreign_key_checks = 1;

-- orders: NULL -> value, then value -> NULL (the DropNullableDefaults transform must keep the NULL).
UPDATE orders SET status = 'shipped', shipped_at = '2026-11-25 08:00:00.001', total_amount = 0.00,
                  updated_at = '2026-11-25 08:00:00.002'
WHERE id = @order_id;
UPDATE orders SET status = 'pending', shipped_at = NULL, total_amount = -0.05,
                  updated_at = '2026-11-25 09:00:00.000'
WHERE id = @order_id;

-- fx_rates: two rows in one statement (one binlog event: same pos, row 0 and row 1), DECIMAL(18,8),
-- a composite key with a DATE.
INSERT INTO fx_rates (currency, rate_date, rate_to_usd, created_at, updated_at)
VALUES ('ZZZ', '2099-12-30', 0.00012345, '2026-11-24 16:00:00.000', '2026-11-24 16:00:00.000'),
       ('ZZZ', '2099-12-31', 9999999999.99999999, '2026-11-24 16:00:00.000', '2026-11-24 16:00:00.000');
-- A primary-key change: Debezium emits a delete, a tombstone and a create with oldkey/newkey headers.
UPDATE fx_rates SET rate_date = '2100-01-01', updated_at = '2026-11-24 16:00:01.000'
WHERE currency = 'ZZZ' AND rate_date = '2099-12-31';

-- products: JSON and BOOLEAN columns.
INSERT INTO products (sku, tenant_id, vendor_id, name, category, subcategory, brand, list_price_usd,
                      unit_cost_usd, attributes, active, created_at, updated_at)
VALUES ('ZZ-CAPTURE-0001', 'acme', 1, 'Capture “fixture” chair – Zoë', 'Furniture', 'Chairs', 'Zzz',
        1999.99, 0.01, '{"color":"red","dims":{"w":1.5},"tags":["a","b"],"big":12345678901234567890}',
        TRUE, '2026-11-24 12:00:00.000', '2026-11-24 12:00:00.000');
UPDATE products SET active = FALSE, attributes = JSON_SET(attributes, '$.color', 'blue'),
                    updated_at = '2026-11-24 12:00:00.500'
WHERE sku = 'ZZ-CAPTURE-0001';

-- inventory: a composite key of two strings, INT columns; a multi-statement transaction.
START TRANSACTION;
INSERT INTO inventory (sku, warehouse_id, tenant_id, on_hand, reserved, reorder_point, created_at, updated_at)
VALUES ('ZZ-CAPTURE-0001', 'ACME-WH-MX-MEX-01', 'acme', 2147483647, 0, 5,
        '2026-11-24 12:00:01.000', '2026-11-24 12:00:01.000');
UPDATE inventory SET on_hand = 0, reserved = 7, updated_at = '2026-11-24 12:00:02.000'
WHERE sku = 'ZZ-CAPTURE-0001' AND warehouse_id = 'ACME-WH-MX-MEX-01';
COMMIT;

-- customers: nullable VARCHAR columns.
INSERT INTO customers (tenant_id, market_id, first_name, last_name, email, phone, address_line1,
                       address_line2, city, postal_code, country_code, segment, created_at, updated_at)
VALUES ('acme', 'MX-NLE', 'Zoë', 'Pipe|Back\\slash', 'zz-capture@example.invalid', NULL, '1 Fixture Way',
        'Suite 5', 'Monterrey', '64000', 'MX', 'home_office', '2026-11-24 12:00:03.000',
        '2026-11-24 12:00:03.000');
SET @customer_id = LAST_INSERT_ID();
UPDATE customers SET phone = '+52 81 5555 0000', address_line2 = NULL, updated_at = '2026-11-24 12:00:04.000'
WHERE id = @customer_id;

-- Clean up: everything inserted above is deleted again.
DELETE FROM inventory WHERE sku = 'ZZ-CAPTURE-0001' AND warehouse_id = 'ACME-WH-MX-MEX-01';
DELETE FROM products WHERE sku = 'ZZ-CAPTURE-0001';
DELETE FROM fx_rates WHERE currency = 'ZZZ';
DELETE FROM order_items WHERE id = @item_id;
DELETE FROM invoices WHERE id = @invoice_id;
DELETE FROM orders WHERE id = @order_id;
DELETE FROM customers WHERE id = @customer_id;
