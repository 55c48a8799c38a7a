import { dayMs, sqlDate } from '../clock';
import { type Cents, formatCents, localPrice, splitTax } from '../money';
import { itemCounts, paymentMethods, providerRef, transferTermDays } from '../orders';
import type { InvoiceStatus, PaymentMethod, PaymentStatus } from '../rows';
import type { Change, Id, Row } from './changes';
import { type Draft, draft, type ModelContext, sqlMicros } from './context';
import { lifecycle } from './mix';
import type { SnapshotMarket } from './snapshot';
import {
  available,
  type SimLine,
  type SimOrder,
  type SimStock,
  stockChanged,
  type TenantWorld,
} from './world';

/** Ships from the closest of the tenant's warehouses: same market, then country, then region (as the seed). */
function nearestWarehouses(market: SnapshotMarket, tenant: TenantWorld): TenantWorld['warehouses'] {
  const tiers = [
    tenant.warehouses.filter((w) => w.market.marketId === market.marketId),
    tenant.warehouses.filter((w) => w.market.countryCode === market.countryCode),
    tenant.warehouses.filter((w) => w.market.region === market.region),
  ];
  return tiers.find((tier) => tier.length > 0) ?? tenant.warehouses;
}

/**
 * A customer (half the time a returning buyer) orders one to five products that the nearest
 * warehouse has available, priced in the market's currency at the latest fx rate; the stock is
 * reserved in the same transaction. A bank transfer also gets its invoice and a pending payment now.
 * Money: each line is quantity × unit price − discount, the order total is their sum.
 */
export function placeOrder(ctx: ModelContext, tenant: TenantWorld): Draft | undefined {
  const { rng } = ctx;
  const customer = (rng.chance(0.5) ? tenant.buyers.pick(rng) : undefined) ?? tenant.customers.pick(rng);
  const market = customer && ctx.world.markets.get(customer.marketId);
  const rate = market && ctx.world.fxRatesE8[market.currency];
  if (!customer || !market || !rate) return undefined;
  const warehouses = nearestWarehouses(market, tenant);
  if (warehouses.length === 0) return undefined;
  const { warehouseId } = rng.pick(warehouses);
  const shelf = tenant.stockByWarehouse.get(warehouseId);
  const wanted = rng.weighted(itemCounts, ([, weight]) => weight)[0];

  const picked: { stock: SimStock; quantity: number; unit: Cents; discount: Cents }[] = [];
  for (let attempt = 0; shelf && picked.length < wanted && attempt < wanted * 4; attempt++) {
    const stock = shelf.pick(rng);
    const product = stock && tenant.products.get(stock.sku);
    if (!stock || !product?.active || available(stock) < 1 || picked.some((p) => p.stock === stock)) continue;
    const [qMin, qMax] = product.subcategory?.quantity ?? [1, 3];
    const quantity = Math.min(available(stock), qMin + Math.floor((qMax - qMin + 1) * rng.float() ** 2.5));
    const unit = localPrice(product.listCents, rate);
    const discount = rng.chance(0.15) ? Math.round((quantity * unit * rng.pick([5, 10, 15, 20])) / 100) : 0;
    picked.push({ stock, quantity, unit, discount });
    // Reserved at once, so the next pick in this order sees what is left.
    stock.reserved += quantity;
    stock.holds++;
    stockChanged(tenant, stock);
  }
  if (picked.length === 0) return undefined;

  const now = ctx.now();
  const orderId = ctx.newRef();
  const total = picked.reduce((sum, p) => sum + p.quantity * p.unit - p.discount, 0);
  const method = rng.weighted(paymentMethods, ([, weight]) => weight)[0];
  const order: SimOrder = {
    id: orderId,
    tenant,
    warehouseId,
    market,
    method,
    status: 'pending',
    totalCents: total,
    lines: picked.map(
      (p): SimLine => ({ sku: p.stock.sku, quantity: p.quantity, reserved: p.quantity, held: true }),
    ),
    payments: [],
    invoice: undefined,
  };
  customer.orders++;
  tenant.buyers.add(customer);

  const changes: Change[] = [
    {
      op: 'c',
      table: 'orders',
      creates: orderId,
      rows: [
        {
          tenant_id: tenant.id,
          customer_id: customer.id,
          market_id: market.marketId,
          warehouse_id: warehouseId,
          status: 'pending',
          currency: market.currency,
          total_amount: formatCents(total),
          ordered_at: sqlMicros(now),
        },
      ],
    },
    {
      op: 'c',
      table: 'order_items',
      rows: picked.map((p) => ({
        tenant_id: tenant.id,
        order_id: orderId,
        sku: p.stock.sku,
        quantity: p.quantity,
        unit_price: formatCents(p.unit),
        discount_amount: formatCents(p.discount),
        line_amount: formatCents(p.quantity * p.unit - p.discount),
      })),
    },
    ...picked.map(
      (p): Change => ({
        op: 'u',
        table: 'inventory',
        set: { reserved: { add: p.quantity } },
        where: { sku: p.stock.sku, warehouse_id: warehouseId },
      }),
    ),
  ];
  if (method === 'bank_transfer') {
    changes.push(insertPayment(ctx, order, 'pending'));
    changes.push(insertInvoice(ctx, order, 'issued', now, transferTermDays));
    const never = rng.chance(lifecycle.transferNeverPaid);
    ctx.schedule({ step: never ? 'cancel' : 'transfer', order }, stepDelay(ctx));
  } else {
    ctx.schedule({ step: 'pay', order }, stepDelay(ctx));
  }
  return draft('order.place', tenant, changes);
}

export function stepDelay(ctx: ModelContext): number {
  const [min, max] = lifecycle.stepDelay;
  return ctx.rng.int(min, max);
}

/** A payment attempt for the whole order total; the model records it on the order. */
export function insertPayment(
  ctx: ModelContext,
  order: SimOrder,
  status: PaymentStatus,
  failureReason: string | null = null,
  method: PaymentMethod = order.method,
): Change {
  const id = ctx.newRef();
  order.payments.push({ id, method, status });
  const row: Row = {
    tenant_id: order.tenant.id,
    order_id: order.id,
    method,
    status,
    amount: formatCents(order.totalCents),
    currency: order.market.currency,
    provider_ref: providerRef(ctx.rng, method),
    failure_reason: failureReason,
  };
  return { op: 'c', table: 'payments', rows: [row], creates: id };
}

/**
 * The order's one invoice: net + tax = total = the order total, at the market's tax rate. Its number
 * is '<PREFIX>-<year>-' and the order id padded to 8 digits: unique because the order id is, and
 * never equal to a seed number (those have 6 digits).
 */
export function insertInvoice(
  ctx: ModelContext,
  order: SimOrder,
  status: InvoiceStatus,
  issuedAt: number,
  dueInDays: number,
): Change {
  const id = ctx.newRef();
  order.invoice = { id, status };
  const { net, tax } = splitTax(order.totalCents, Number(order.market.taxRate));
  const row: Row = {
    tenant_id: order.tenant.id,
    order_id: order.id,
    // 32 characters: at most 10 of prefix, '-YYYY-', and an id of up to 16 digits.
    invoice_number: {
      prefix: `${order.tenant.prefix.slice(0, 10)}-${sqlDate(issuedAt).slice(0, 4)}-`,
      idOf: order.id,
    },
    status,
    currency: order.market.currency,
    net_amount: formatCents(net),
    tax_rate: order.market.taxRate,
    tax_amount: formatCents(tax),
    total_amount: formatCents(order.totalCents),
    issued_at: sqlMicros(issuedAt),
    due_date: sqlDate(issuedAt + dueInDays * dayMs),
  };
  return { op: 'c', table: 'invoices', rows: [row], creates: id };
}

export function updateById(table: 'orders' | 'payments' | 'invoices', id: Id, set: Row): Change {
  return { op: 'u', table, set, where: { id } };
}
