import { failureReasons } from '../orders';
import type { Change } from './changes';
import { type Draft, draft, type ModelContext, sqlMicros, type Task } from './context';
import { lifecycle } from './mix';
import { insertInvoice, insertPayment, stepDelay, updateById } from './order-events';
import { available, type SimOrder, stockChanged, stockKey } from './world';

/**
 * An order's steps after it was placed. Each runs only from the state the previous step left (the
 * scheduler holds one pending step per order, plus perhaps the purge of a failed attempt), so every
 * status update changes the status.
 */
export function runStep(ctx: ModelContext, task: Task): Draft | undefined {
  const { order } = task;
  switch (task.step) {
    case 'pay':
      return order.status === 'pending' ? attemptPayment(ctx, order) : undefined;
    case 'transfer':
      return order.status === 'pending' ? capture(ctx, order, 'payment.transfer') : undefined;
    case 'ship':
      return order.status === 'paid' ? ship(ctx, order) : undefined;
    case 'deliver':
      return order.status === 'shipped' ? deliver(ctx, order) : undefined;
    case 'cancel':
      return order.status === 'pending' || order.status === 'paid' ? cancel(ctx, order) : undefined;
    case 'return':
      return order.status === 'delivered' ? giveBack(ctx, order) : undefined;
    case 'purge': {
      const payment = task.payment;
      if (payment?.status !== 'failed' || !order.payments.includes(payment)) return undefined;
      order.payments.splice(order.payments.indexOf(payment), 1);
      return draft('payment.purge', order.tenant, [
        { op: 'd', table: 'payments', where: { id: payment.id } },
      ]);
    }
  }
}

/** A card, PayPal or gift-card attempt: declined sometimes (then retried or given up), else captured. */
function attemptPayment(ctx: ModelContext, order: SimOrder): Draft {
  const { rng } = ctx;
  if (!rng.chance(lifecycle.attemptFails[order.method])) return capture(ctx, order, 'payment.capture');
  const change = insertPayment(ctx, order, 'failed', rng.pick(failureReasons));
  const payment = order.payments[order.payments.length - 1];
  if (payment && rng.chance(lifecycle.purgeFailedAttempt))
    ctx.schedule({ step: 'purge', order, payment }, stepDelay(ctx));
  const next = rng.chance(lifecycle.retryAfterFailure) ? 'pay' : 'cancel';
  ctx.schedule({ step: next, order }, stepDelay(ctx));
  return draft('payment.fail', order.tenant, [change]);
}

/**
 * The money arrives: a pending (or authorized) payment is captured, else a captured one is recorded;
 * the invoice is paid, or issued as paid if there was none; the order is paid.
 */
export function capture(ctx: ModelContext, order: SimOrder, kind: Draft['kind']): Draft {
  const now = ctx.now();
  const changes: Change[] = [];
  const open = order.payments.find((p) => p.status === 'pending' || p.status === 'authorized');
  if (open) {
    open.status = 'captured';
    changes.push(updateById('payments', open.id, { status: 'captured' }));
  } else {
    changes.push(insertPayment(ctx, order, 'captured'));
  }
  changes.push(setOrderStatus(order, 'paid'));
  if (!order.invoice) changes.push(insertInvoice(ctx, order, 'paid', now, 0));
  else if (order.invoice.status === 'issued') {
    order.invoice.status = 'paid';
    changes.push(updateById('invoices', order.invoice.id, { status: 'paid' }));
  }
  if (kind !== 'order.backlog') {
    const next = ctx.rng.chance(lifecycle.cancelAfterPayment) ? 'cancel' : 'ship';
    ctx.schedule({ step: next, order }, stepDelay(ctx));
  }
  return draft(kind, order.tenant, changes);
}

/**
 * The parcel leaves: on_hand drops by the units shipped and reserved by the line's reservation. An
 * order from the seed may have less reserved than it ships (then it ships what the row has free).
 */
export function ship(ctx: ModelContext, order: SimOrder, kind: Draft['kind'] = 'order.ship'): Draft {
  const changes: Change[] = [setOrderStatus(order, 'shipped', { shipped_at: sqlMicros(ctx.now()) })];
  for (const line of order.lines) {
    const stock = order.tenant.stock.get(stockKey(line.sku, order.warehouseId));
    if (!stock) continue;
    // What was reserved for the line, topped up from free stock if the reservation fell short.
    const units = Math.min(line.quantity, line.reserved + Math.max(0, available(stock)));
    if (units === 0) continue;
    const set: Record<string, { add: number }> = { on_hand: { add: -units } };
    if (line.reserved > 0) set.reserved = { add: -line.reserved };
    stock.onHand -= units;
    stock.reserved -= line.reserved;
    line.reserved = 0;
    stockChanged(order.tenant, stock);
    changes.push({
      op: 'u',
      table: 'inventory',
      set,
      where: { sku: line.sku, warehouse_id: order.warehouseId },
    });
  }
  if (kind !== 'order.backlog') ctx.schedule({ step: 'deliver', order }, stepDelay(ctx));
  return draft(kind, order.tenant, changes);
}

export function deliver(ctx: ModelContext, order: SimOrder, kind: Draft['kind'] = 'order.deliver'): Draft {
  const change = setOrderStatus(order, 'delivered', { delivered_at: sqlMicros(ctx.now()) });
  if (kind !== 'order.backlog' && ctx.rng.chance(lifecycle.returnAfterDelivery)) {
    ctx.schedule({ step: 'return', order }, stepDelay(ctx));
  } else {
    releaseHolds(order);
  }
  return draft(kind, order.tenant, [change]);
}

/** Before shipping: the reservation is released, the money refunded or the payment voided, the invoice credited or voided. */
function cancel(_ctx: ModelContext, order: SimOrder): Draft {
  const changes: Change[] = [setOrderStatus(order, 'cancelled')];
  for (const payment of order.payments) {
    const next =
      payment.status === 'captured' ? 'refunded' : payment.status === 'failed' ? undefined : 'voided';
    if (!next || next === payment.status) continue;
    payment.status = next;
    changes.push(updateById('payments', payment.id, { status: next }));
  }
  if (order.invoice) {
    const next = order.invoice.status === 'paid' ? 'credited' : 'void';
    if (next !== order.invoice.status) {
      order.invoice.status = next;
      changes.push(updateById('invoices', order.invoice.id, { status: next }));
    }
  }
  for (const line of order.lines) {
    const stock = order.tenant.stock.get(stockKey(line.sku, order.warehouseId));
    if (!stock || line.reserved === 0) continue;
    stock.reserved -= line.reserved;
    changes.push({
      op: 'u',
      table: 'inventory',
      set: { reserved: { add: -line.reserved } },
      where: { sku: line.sku, warehouse_id: order.warehouseId },
    });
    line.reserved = 0;
    stockChanged(order.tenant, stock);
  }
  releaseHolds(order);
  return draft('order.cancel', order.tenant, changes);
}

/** The goods come back to the warehouse they left; the payment is refunded and the invoice credited. */
function giveBack(_ctx: ModelContext, order: SimOrder): Draft {
  const changes: Change[] = [setOrderStatus(order, 'returned')];
  for (const payment of order.payments.filter((p) => p.status === 'captured')) {
    payment.status = 'refunded';
    changes.push(updateById('payments', payment.id, { status: 'refunded' }));
  }
  if (order.invoice?.status === 'paid') {
    order.invoice.status = 'credited';
    changes.push(updateById('invoices', order.invoice.id, { status: 'credited' }));
  }
  for (const line of order.lines) {
    const stock = order.tenant.stock.get(stockKey(line.sku, order.warehouseId));
    if (!stock) continue;
    stock.onHand += line.quantity;
    stockChanged(order.tenant, stock);
    changes.push({
      op: 'u',
      table: 'inventory',
      set: { on_hand: { add: line.quantity } },
      where: { sku: line.sku, warehouse_id: order.warehouseId },
    });
  }
  releaseHolds(order);
  return draft('order.return', order.tenant, changes);
}

function setOrderStatus(
  order: SimOrder,
  status: SimOrder['status'],
  extra: Record<string, string> = {},
): Change {
  order.status = status;
  return updateById('orders', order.id, { status, ...extra });
}

/** The order will move no more stock: its rows may be deleted once empty. */
function releaseHolds(order: SimOrder): void {
  for (const line of order.lines) {
    if (!line.held) continue;
    const stock = order.tenant.stock.get(stockKey(line.sku, order.warehouseId));
    if (stock) stock.holds--;
    line.held = false;
  }
}
