import type { PaymentMethod } from '../rows';
import type { EventKind } from './changes';

/**
 * The workload's shape, in one place. Two sources of events:
 *
 * - Spontaneous events, drawn by these relative weights (a kind with no candidate right now, say no
 *   customer without orders to delete, is drawn again). Orders dominate, as in any shop.
 * - An order's own lifecycle (payment methods, lines per order and failure reasons as the seed draws
 *   them, orders.ts): each placed order schedules its next step a few events later (payment,
 *   shipping, delivery, perhaps cancellation or return), with the probabilities in `lifecycle`. A
 *   step that is due always goes before a new spontaneous event.
 *
 * Over 10,000 events this gives roughly (checked by model.unit.test.ts, seed 1, the seeded tenants):
 * order.place 17%, payment.capture 15%, order.ship 15%, order.deliver 15%, stock.receive 6%,
 * customer.register 5%, customer.move 3.5%, product.reprice 3%, order.backlog 2%, payment.fail 1.5%,
 * order.cancel 1.5%, order.return 1%, payment.transfer 1.5%, stock.new 1%, product.add 1%, the rest
 * (customer.delete, product.availability, stock.delete, payment.purge) under 1% each. In row
 * changes the inventory table leads (reservations, shipments), then orders and order_items.
 */
export const spontaneousWeights: Readonly<Partial<Record<EventKind, number>>> = {
  'order.place': 30,
  'customer.register': 8,
  'customer.move': 6,
  'customer.delete': 1,
  'product.add': 2,
  'product.reprice': 5,
  'product.availability': 1,
  'stock.receive': 10,
  'stock.new': 2,
  'stock.delete': 1,
  'order.backlog': 3,
};

export const lifecycle = {
  /** Chance that one payment attempt fails, per method (a bank transfer is not attempted, it arrives). */
  attemptFails: { card: 0.1, paypal: 0.05, gift_card: 0.08, bank_transfer: 0 } as Record<
    PaymentMethod,
    number
  >,
  /** After a failed attempt the customer tries again; otherwise the shop cancels the order later. */
  retryAfterFailure: 0.8,
  /** Failed attempts the payment provider's clean-up later deletes. */
  purgeFailedAttempt: 0.3,
  /** Transfers that never arrive: the order is cancelled and its invoice voided. */
  transferNeverPaid: 0.1,
  /** Paid orders cancelled before they leave the warehouse. */
  cancelAfterPayment: 0.04,
  returnAfterDelivery: 0.06,
  /** Events between an order's steps: short, so few orders are open at once. */
  stepDelay: [10, 200] as const,
};
