import { dayMs, hourMs, minuteMs, sqlDate, sqlDateTime } from './clock';
import type { SeedContext } from './context';
import type { Customer } from './customers';
import { countryOf, type Market, marketTaxRate } from './markets';
import { type Cents, formatCents, localPrice, splitTax } from './money';
import type { Random } from './prng';
import type { Product } from './products';
import { type FxTable, fxKey } from './reference';
import type {
  InvoiceRow,
  InvoiceStatus,
  OrderItemRow,
  OrderRow,
  OrderStatus,
  PaymentMethod,
  PaymentRow,
  PaymentStatus,
} from './rows';
import { type Tenant, tenantPrefix } from './tenants';
import type { Warehouse } from './warehouses';

/** An order with everything that hangs off it, before ids are assigned across tenants. */
export interface DraftOrder {
  tenant: Tenant;
  orderedAt: number;
  row: OrderRow;
  items: OrderItemRow[];
  payments: { createdAt: number; row: PaymentRow }[];
  invoice?: { issuedAt: number; row: InvoiceRow };
}

export interface OrderBook {
  orders: OrderRow[];
  orderItems: OrderItemRow[];
  payments: PaymentRow[];
  invoices: InvoiceRow[];
}

export const itemCounts: readonly [number, number][] = [
  [1, 0.25],
  [2, 0.3],
  [3, 0.22],
  [4, 0.13],
  [5, 0.1],
];

export const paymentMethods: readonly [PaymentMethod, number][] = [
  ['card', 0.58],
  ['paypal', 0.22],
  ['bank_transfer', 0.12],
  ['gift_card', 0.08],
];

export const failureReasons = [
  'card_declined',
  'insufficient_funds',
  'expired_card',
  'authentication_failed',
];

/** Bank transfers pay against an invoice sent with the order, due in two weeks. */
export const transferTermDays = 14;

export function providerRef(rng: Random, method: PaymentMethod): string {
  switch (method) {
    case 'card':
      return `ch_${rng.pattern('@@##@#@@#@##@#@@#@##@#@#')}`;
    case 'paypal':
      return `PAYID-${rng.pattern('@@@#@@#@##@@@#@@#@@@#@##')}`;
    case 'bank_transfer':
      return `TRF-${rng.pattern('################')}`;
    case 'gift_card':
      return `GC-${rng.pattern('####-####-####')}`;
  }
}

/** Fulfilment ships from the closest of the tenant's warehouses: same market, then country, then region. */
function nearestWarehouses(market: Market, warehouses: readonly Warehouse[]): readonly Warehouse[] {
  const country = countryOf(market);
  const tiers = [
    warehouses.filter((w) => w.market.id === market.id),
    warehouses.filter((w) => countryOf(w.market).code === country.code),
    warehouses.filter((w) => countryOf(w.market).region === country.region),
  ];
  return tiers.find((tier) => tier.length > 0) ?? warehouses;
}

interface Lifecycle {
  status: OrderStatus;
  updatedAt: number;
  shippedAt: number | null;
  deliveredAt: number | null;
  payments: { createdAt: number; updatedAt: number; status: PaymentStatus; failureReason: string | null }[];
  invoice: { issuedAt: number; updatedAt: number; status: InvoiceStatus; dueInDays: number } | null;
}

/**
 * Plays an order forward from `orderedAt` (payment, shipping, delivery, maybe cancellation or
 * return) and keeps whatever has happened by the end of the period, so recent orders are still
 * pending or in transit and old ones are settled.
 */
function lifecycle(rng: Random, orderedAt: number, method: PaymentMethod, periodEnd: number): Lifecycle {
  const transfer = method === 'bank_transfer';
  const payments: Lifecycle['payments'] = [];

  if (!transfer && rng.chance(0.02)) {
    const abandonedAt = orderedAt + rng.int(minuteMs, 3 * minuteMs);
    if (abandonedAt <= periodEnd) {
      payments.push({
        createdAt: abandonedAt,
        updatedAt: abandonedAt,
        status: 'failed',
        failureReason: rng.pick(failureReasons),
      });
    }
    return {
      status: 'pending',
      updatedAt: abandonedAt <= periodEnd ? abandonedAt : orderedAt,
      shippedAt: null,
      deliveredAt: null,
      payments,
      invoice: null,
    };
  }

  const retried = method === 'card' && rng.chance(0.05);
  const failedAt = orderedAt + rng.int(20_000, 90_000);
  if (retried && failedAt <= periodEnd) {
    payments.push({
      createdAt: failedAt,
      updatedAt: failedAt,
      status: 'failed',
      failureReason: rng.pick(failureReasons),
    });
  }
  const paymentCreatedAt = transfer
    ? orderedAt
    : orderedAt + (retried ? rng.int(2 * minuteMs, 10 * minuteMs) : rng.int(5_000, 120_000));
  const paidAt = transfer ? orderedAt + rng.int(dayMs, 8 * dayMs) : paymentCreatedAt;
  const shipAt = paidAt + rng.int(4 * hourMs, 48 * hourMs);
  const deliverAt = shipAt + rng.int(dayMs, 6 * dayMs);
  const cancelAt = rng.chance(0.1)
    ? orderedAt + rng.int(15 * minuteMs, 36 * hourMs)
    : Number.POSITIVE_INFINITY;
  const returnAt = rng.chance(0.07) ? deliverAt + rng.int(2 * dayMs, 25 * dayMs) : Number.POSITIVE_INFINITY;
  const invoiceUpfront = transfer ? { issuedAt: orderedAt, dueInDays: transferTermDays } : null;

  // Cancellation is only possible until the parcel leaves the warehouse.
  if (cancelAt <= periodEnd && cancelAt < shipAt) {
    const paidFirst = paidAt < cancelAt;
    if (paymentCreatedAt < cancelAt) {
      payments.push({
        createdAt: paymentCreatedAt,
        updatedAt: cancelAt,
        status: paidFirst ? 'refunded' : 'voided',
        failureReason: null,
      });
    }
    const invoice = invoiceUpfront ?? (paidFirst ? { issuedAt: paidAt, dueInDays: 0 } : null);
    return {
      status: 'cancelled',
      updatedAt: cancelAt,
      shippedAt: null,
      deliveredAt: null,
      payments,
      invoice: invoice && { ...invoice, updatedAt: cancelAt, status: paidFirst ? 'credited' : 'void' },
    };
  }

  if (paidAt > periodEnd) {
    if (paymentCreatedAt <= periodEnd) {
      payments.push({
        createdAt: paymentCreatedAt,
        updatedAt: paymentCreatedAt,
        status: 'pending',
        failureReason: null,
      });
    }
    const lastEvent = Math.max(orderedAt, ...payments.map((p) => p.updatedAt).filter((t) => t <= periodEnd));
    return {
      status: 'pending',
      updatedAt: lastEvent,
      shippedAt: null,
      deliveredAt: null,
      payments,
      invoice: invoiceUpfront && { ...invoiceUpfront, updatedAt: orderedAt, status: 'issued' },
    };
  }

  const returned = returnAt <= periodEnd;
  const settledAt = returned ? returnAt : paidAt;
  payments.push({
    createdAt: paymentCreatedAt,
    updatedAt: settledAt,
    status: returned ? 'refunded' : 'captured',
    failureReason: null,
  });
  const invoice = {
    ...(invoiceUpfront ?? { issuedAt: paidAt, dueInDays: 0 }),
    updatedAt: settledAt,
    status: returned ? ('credited' as const) : ('paid' as const),
  };
  const shipped = shipAt <= periodEnd;
  const delivered = deliverAt <= periodEnd;
  const status: OrderStatus = returned ? 'returned' : delivered ? 'delivered' : shipped ? 'shipped' : 'paid';
  const updatedAt = returned ? returnAt : delivered ? deliverAt : shipped ? shipAt : paidAt;
  return {
    status,
    updatedAt,
    shippedAt: shipped ? shipAt : null,
    deliveredAt: delivered ? deliverAt : null,
    payments,
    invoice,
  };
}

export function ordersFor(
  ctx: SeedContext,
  tenant: Tenant,
  count: number,
  customers: readonly Customer[],
  products: readonly Product[],
  warehouses: readonly Warehouse[],
  fx: FxTable,
): DraftOrder[] {
  const rng = ctx.rng.fork(`orders:${tenant.id}`);
  // A few customers and bestsellers account for much of the volume, as in any shop.
  const pickCustomer = rng.weightedPicker(customers, () => 0.05 + rng.float() ** 3);
  const sellable = products.filter((p) => p.row.active);
  const pickProduct = rng.weightedPicker(
    sellable.length > 0 ? sellable : products,
    () => 0.05 + rng.float() ** 2,
  );
  const warehousesByMarket = new Map<string, readonly Warehouse[]>();
  const drafts: DraftOrder[] = [];

  for (let i = 0; i < count; i++) {
    const customer = pickCustomer();
    const market = customer.market;
    const currency = countryOf(market).currency;
    const orderedAt = rng.int(Math.max(ctx.periodStart, customer.createdAt + hourMs), ctx.periodEnd);
    const rate = fx.get(fxKey(currency, sqlDate(orderedAt)));
    if (rate === undefined) throw new Error(`no fx rate for ${currency} on ${sqlDate(orderedAt)}`);

    let nearby = warehousesByMarket.get(market.id);
    if (!nearby) {
      nearby = nearestWarehouses(market, warehouses);
      warehousesByMarket.set(market.id, nearby);
    }
    const warehouse = rng.pick(nearby);

    const wanted = rng.weighted(itemCounts, ([, weight]) => weight)[0];
    const chosen = new Map<string, Product>();
    for (let attempt = 0; chosen.size < wanted && attempt < wanted * 4; attempt++) {
      const product = pickProduct();
      chosen.set(product.row.sku, product);
    }

    const created = sqlDateTime(orderedAt);
    let total: Cents = 0;
    const items: OrderItemRow[] = [...chosen.values()].map((product) => {
      const [qMin, qMax] = product.subcategory.quantity;
      const quantity = qMin + Math.floor((qMax - qMin + 1) * rng.float() ** 2.5);
      const unitPrice = localPrice(product.listPriceUsdCents, rate);
      const gross = quantity * unitPrice;
      const discount = rng.chance(0.15) ? Math.round((gross * rng.pick([5, 10, 15, 20])) / 100) : 0;
      total += gross - discount;
      return {
        id: 0,
        tenant_id: tenant.id,
        order_id: 0,
        sku: product.row.sku,
        quantity,
        unit_price: formatCents(unitPrice),
        discount_amount: formatCents(discount),
        line_amount: formatCents(gross - discount),
        created_at: created,
        updated_at: created,
      };
    });

    const method = rng.weighted(paymentMethods, ([, weight]) => weight)[0];
    const life = lifecycle(rng, orderedAt, method, ctx.periodEnd);
    const amount = formatCents(total);
    const taxRate = marketTaxRate(market);

    drafts.push({
      tenant,
      orderedAt,
      row: {
        id: 0,
        tenant_id: tenant.id,
        customer_id: customer.row.id,
        market_id: market.id,
        warehouse_id: warehouse.row.warehouse_id,
        status: life.status,
        currency,
        total_amount: amount,
        ordered_at: created,
        shipped_at: life.shippedAt === null ? null : sqlDateTime(life.shippedAt),
        delivered_at: life.deliveredAt === null ? null : sqlDateTime(life.deliveredAt),
        created_at: created,
        updated_at: sqlDateTime(life.updatedAt),
      },
      items,
      payments: life.payments.map((payment) => ({
        createdAt: payment.createdAt,
        row: {
          id: 0,
          tenant_id: tenant.id,
          order_id: 0,
          method,
          status: payment.status,
          amount,
          currency,
          provider_ref: providerRef(rng, method),
          failure_reason: payment.failureReason,
          created_at: sqlDateTime(payment.createdAt),
          updated_at: sqlDateTime(payment.updatedAt),
        },
      })),
      ...(life.invoice && {
        invoice: {
          issuedAt: life.invoice.issuedAt,
          row: invoiceRow(tenant, life.invoice, total, taxRate, currency),
        },
      }),
    });
  }
  return drafts;
}

function invoiceRow(
  tenant: Tenant,
  invoice: NonNullable<Lifecycle['invoice']>,
  total: Cents,
  taxRate: number,
  currency: string,
): InvoiceRow {
  const { net, tax } = splitTax(total, taxRate);
  return {
    id: 0,
    tenant_id: tenant.id,
    order_id: 0,
    invoice_number: '',
    status: invoice.status,
    currency,
    net_amount: formatCents(net),
    tax_rate: taxRate.toFixed(3),
    tax_amount: formatCents(tax),
    total_amount: formatCents(total),
    issued_at: sqlDateTime(invoice.issuedAt),
    due_date: sqlDate(invoice.issuedAt + invoice.dueInDays * dayMs),
    created_at: sqlDateTime(invoice.issuedAt),
    updated_at: sqlDateTime(invoice.updatedAt),
  };
}

/**
 * Assigns ids the way AUTO_INCREMENT would have, in creation order across all tenants, and invoice
 * numbers per tenant and year ('ACME-2026-000042').
 */
export function numberOrders(drafts: readonly DraftOrder[]): OrderBook {
  const byTime = [...drafts].sort(
    (a, b) => a.orderedAt - b.orderedAt || a.tenant.id.localeCompare(b.tenant.id),
  );
  const orders: OrderRow[] = [];
  const orderItems: OrderItemRow[] = [];
  const payments: { createdAt: number; row: PaymentRow }[] = [];
  const invoices: { issuedAt: number; row: InvoiceRow }[] = [];
  byTime.forEach((draft, index) => {
    const orderId = index + 1;
    orders.push({ ...draft.row, id: orderId });
    for (const item of draft.items)
      orderItems.push({ ...item, id: orderItems.length + 1, order_id: orderId });
    for (const payment of draft.payments)
      payments.push({ ...payment, row: { ...payment.row, order_id: orderId } });
    if (draft.invoice) invoices.push({ ...draft.invoice, row: { ...draft.invoice.row, order_id: orderId } });
  });

  payments.sort((a, b) => a.createdAt - b.createdAt || a.row.order_id - b.row.order_id);
  invoices.sort((a, b) => a.issuedAt - b.issuedAt || a.row.order_id - b.row.order_id);
  const invoiceSequence = new Map<string, number>();
  const prefixes = new Map(drafts.map((d) => [d.tenant.id, tenantPrefix(d.tenant)]));
  return {
    orders,
    orderItems,
    payments: payments.map(({ row }, index) => ({ ...row, id: index + 1 })),
    invoices: invoices.map(({ row }, index) => {
      const year = row.issued_at.slice(0, 4);
      const key = `${row.tenant_id}|${year}`;
      const n = (invoiceSequence.get(key) ?? 0) + 1;
      invoiceSequence.set(key, n);
      return {
        ...row,
        id: index + 1,
        invoice_number: `${prefixes.get(row.tenant_id) ?? row.tenant_id.toUpperCase()}-${year}-${String(n).padStart(6, '0')}`,
      };
    }),
  };
}
