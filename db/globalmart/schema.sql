-- GlobalMart: the source OLTP database whose binlog Debezium captures.
--
-- Conventions, and why:
-- * Identifier-like strings (tenant_id, market_id, sku, warehouse_id, currency, country_code) are
--   ascii_bin: downstream keys are compared byte for byte (Kafka keys, Iceberg, DynamoDB), so the source
--   must not treat 'ACME-1' and 'acme-1 ' as the same key the way a *_ci PAD SPACE collation would.
-- * Business event times (ordered_at, issued_at, ...) are DATETIME(6): wall-clock values that never
--   shift with a session time zone. created_at/updated_at are TIMESTAMP(6): stored in UTC and maintained
--   by the server, so every change record carries a trustworthy modification time. Debezium sends the
--   two types differently (epoch ms vs ISO string), and decoders must handle both.
-- * Composite foreign keys (tenant_id, <parent key>) make a cross-tenant reference impossible at the
--   source; they require the UNIQUE (tenant_id, <key>) on each parent, which also serves as its
--   tenant index.
-- * Constraints are deliberately modest: a real source lets questionable data through (email format,
--   reserved > on_hand, odd totals), and cdc-ingest's quality rules are where that is caught.

CREATE DATABASE IF NOT EXISTS globalmart CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
USE globalmart;

CREATE TABLE IF NOT EXISTS tenants (
  tenant_id  VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name       VARCHAR(120) NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Reference data shared by all tenants, hence no tenant_id.
CREATE TABLE IF NOT EXISTS markets (
  market_id    VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  country_code CHAR(2) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  region       ENUM('North America','Europe') NOT NULL,
  name         VARCHAR(80) NOT NULL,
  currency     CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  -- Sales tax / VAT in percent; invoices copy it so a later rate change does not rewrite history.
  tax_rate     DECIMAL(5,3) NOT NULL,
  created_at   TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at   TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (market_id),
  KEY ix_markets_country (country_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Reference data: USD value of one unit of `currency` on `rate_date` (USD itself is present at 1).
CREATE TABLE IF NOT EXISTS fx_rates (
  currency    CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  rate_date   DATE NOT NULL,
  rate_to_usd DECIMAL(18,8) NOT NULL,
  created_at  TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at  TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (currency, rate_date),
  CONSTRAINT ck_fx_rates_positive CHECK (rate_to_usd > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE IF NOT EXISTS vendors (
  id               BIGINT NOT NULL AUTO_INCREMENT,
  tenant_id        VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name             VARCHAR(160) NOT NULL,
  line_of_business ENUM('Technology','Office Supplies','Furniture') NOT NULL,
  country_code     CHAR(2) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  contact_email    VARCHAR(254) NOT NULL,
  phone            VARCHAR(32) NOT NULL,
  created_at       TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at       TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  UNIQUE KEY ux_vendors_tenant_id (tenant_id, id),
  CONSTRAINT fk_vendors_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE IF NOT EXISTS products (
  sku            VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  tenant_id      VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  vendor_id      BIGINT NOT NULL,
  name           VARCHAR(200) NOT NULL,
  category       ENUM('Technology','Office Supplies','Furniture') NOT NULL,
  subcategory    VARCHAR(40) NOT NULL,
  brand          VARCHAR(60) NOT NULL,
  list_price_usd DECIMAL(12,2) NOT NULL,
  unit_cost_usd  DECIMAL(12,2) NOT NULL,
  -- Shape depends on category and subcategory (see cli/src/globalmart/catalog.ts).
  attributes     JSON NOT NULL,
  active         BOOLEAN NOT NULL DEFAULT TRUE,
  created_at     TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at     TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (sku),
  UNIQUE KEY ux_products_tenant_sku (tenant_id, sku),
  KEY ix_products_category (tenant_id, category, subcategory),
  CONSTRAINT fk_products_vendor FOREIGN KEY (tenant_id, vendor_id) REFERENCES vendors (tenant_id, id),
  CONSTRAINT ck_products_price CHECK (list_price_usd >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE IF NOT EXISTS warehouses (
  warehouse_id  VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  tenant_id     VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  market_id     VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name          VARCHAR(120) NOT NULL,
  address_line1 VARCHAR(200) NOT NULL,
  city          VARCHAR(80) NOT NULL,
  postal_code   VARCHAR(16) NOT NULL,
  country_code  CHAR(2) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at    TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at    TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (warehouse_id),
  UNIQUE KEY ux_warehouses_tenant_id (tenant_id, warehouse_id),
  CONSTRAINT fk_warehouses_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id),
  CONSTRAINT fk_warehouses_market FOREIGN KEY (market_id) REFERENCES markets (market_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The hottest table: one row per SKU per warehouse, updated on every reservation and shipment.
CREATE TABLE IF NOT EXISTS inventory (
  sku           VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  warehouse_id  VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  tenant_id     VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  on_hand       INT NOT NULL DEFAULT 0,
  reserved      INT NOT NULL DEFAULT 0,
  reorder_point INT NOT NULL DEFAULT 0,
  created_at    TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at    TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (sku, warehouse_id),
  KEY ix_inventory_warehouse (tenant_id, warehouse_id),
  CONSTRAINT fk_inventory_product FOREIGN KEY (tenant_id, sku) REFERENCES products (tenant_id, sku),
  CONSTRAINT fk_inventory_warehouse FOREIGN KEY (tenant_id, warehouse_id)
    REFERENCES warehouses (tenant_id, warehouse_id),
  CONSTRAINT ck_inventory_on_hand CHECK (on_hand >= 0),
  CONSTRAINT ck_inventory_reserved CHECK (reserved >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- PII lives here (names, email, phone, address); the enricher pseudonymises it downstream.
-- Email is neither unique nor format-checked, as in many real shops.
CREATE TABLE IF NOT EXISTS customers (
  id            BIGINT NOT NULL AUTO_INCREMENT,
  tenant_id     VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  market_id     VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  first_name    VARCHAR(80) NOT NULL,
  last_name     VARCHAR(80) NOT NULL,
  email         VARCHAR(254) NOT NULL,
  phone         VARCHAR(32) NULL,
  address_line1 VARCHAR(200) NOT NULL,
  address_line2 VARCHAR(200) NULL,
  city          VARCHAR(80) NOT NULL,
  postal_code   VARCHAR(16) NOT NULL,
  country_code  CHAR(2) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  segment       ENUM('consumer','corporate','home_office') NOT NULL,
  created_at    TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at    TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  UNIQUE KEY ux_customers_tenant_id (tenant_id, id),
  KEY ix_customers_email (tenant_id, email),
  CONSTRAINT fk_customers_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id),
  CONSTRAINT fk_customers_market FOREIGN KEY (market_id) REFERENCES markets (market_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Amounts are in the market's currency; total_amount is the sum of the items' line_amount
-- (prices include tax, so the invoice total equals the order total).
CREATE TABLE IF NOT EXISTS orders (
  id           BIGINT NOT NULL AUTO_INCREMENT,
  tenant_id    VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  customer_id  BIGINT NOT NULL,
  market_id    VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  warehouse_id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  status       ENUM('pending','paid','shipped','delivered','cancelled','returned') NOT NULL DEFAULT 'pending',
  currency     CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  total_amount DECIMAL(12,2) NOT NULL,
  ordered_at   DATETIME(6) NOT NULL,
  shipped_at   DATETIME(6) NULL,
  delivered_at DATETIME(6) NULL,
  created_at   TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at   TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  UNIQUE KEY ux_orders_tenant_id (tenant_id, id),
  KEY ix_orders_ordered_at (tenant_id, ordered_at),
  CONSTRAINT fk_orders_customer FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  CONSTRAINT fk_orders_warehouse FOREIGN KEY (tenant_id, warehouse_id)
    REFERENCES warehouses (tenant_id, warehouse_id),
  CONSTRAINT fk_orders_market FOREIGN KEY (market_id) REFERENCES markets (market_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- line_amount = quantity * unit_price - discount_amount, in the order's currency.
CREATE TABLE IF NOT EXISTS order_items (
  id              BIGINT NOT NULL AUTO_INCREMENT,
  tenant_id       VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  order_id        BIGINT NOT NULL,
  sku             VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  quantity        INT NOT NULL,
  unit_price      DECIMAL(12,2) NOT NULL,
  discount_amount DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  line_amount     DECIMAL(12,2) NOT NULL,
  created_at      TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at      TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  CONSTRAINT fk_order_items_order FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
  CONSTRAINT fk_order_items_product FOREIGN KEY (tenant_id, sku) REFERENCES products (tenant_id, sku),
  CONSTRAINT ck_order_items_quantity CHECK (quantity > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- One row per payment attempt: an order may have a failed attempt before the one that succeeded.
CREATE TABLE IF NOT EXISTS payments (
  id             BIGINT NOT NULL AUTO_INCREMENT,
  tenant_id      VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  order_id       BIGINT NOT NULL,
  method         ENUM('card','paypal','bank_transfer','gift_card') NOT NULL,
  status         ENUM('pending','authorized','captured','failed','refunded','voided') NOT NULL DEFAULT 'pending',
  amount         DECIMAL(12,2) NOT NULL,
  currency       CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  provider_ref   VARCHAR(64) NOT NULL,
  failure_reason VARCHAR(64) NULL,
  created_at     TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at     TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  CONSTRAINT fk_payments_order FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- At most one invoice per order; net_amount + tax_amount = total_amount = the order's total_amount.
CREATE TABLE IF NOT EXISTS invoices (
  id             BIGINT NOT NULL AUTO_INCREMENT,
  tenant_id      VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  order_id       BIGINT NOT NULL,
  invoice_number VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  status         ENUM('issued','paid','credited','void') NOT NULL DEFAULT 'issued',
  currency       CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  net_amount     DECIMAL(12,2) NOT NULL,
  tax_rate       DECIMAL(5,3) NOT NULL,
  tax_amount     DECIMAL(12,2) NOT NULL,
  total_amount   DECIMAL(12,2) NOT NULL,
  issued_at      DATETIME(6) NOT NULL,
  due_date       DATE NOT NULL,
  created_at     TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at     TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  UNIQUE KEY ux_invoices_order (order_id),
  UNIQUE KEY ux_invoices_number (invoice_number),
  CONSTRAINT fk_invoices_order FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
