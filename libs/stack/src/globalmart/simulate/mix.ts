import type { PaymentMethod } from '../rows';
import type { EventKind, SimTable } from './changes';

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
 * What that gives is `expectedMix` below, checked by model.unit.test.ts over 10,000 events.
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

/**
 * The mix the weights and probabilities above produce on the seeded tenants, in percent: of events
 * by kind, and of row changes by table. Order steps make three quarters of the events; inventory
 * (reservations on order, shipments, returns, deliveries of stock) is the busiest table, as it is
 * the hottest one in the schema. Deletes (customers who never ordered, empty stock rows, failed
 * payment attempts) are about half a percent of changes.
 */
export const expectedMix = {
  // biome-ignore format: a table
  events: {
    'order.place': 19, 'order.ship': 17.5, 'order.deliver': 17, 'payment.capture': 16,
    'stock.receive': 6.3, 'customer.register': 5.2, 'customer.move': 3.8, 'product.reprice': 3.1,
    'payment.transfer': 2.2, 'order.backlog': 1.9, 'payment.fail': 1.4, 'order.cancel': 1.3,
    'product.add': 1.3, 'order.return': 1, 'stock.new': 0.7, 'product.availability': 0.7,
    'customer.delete': 0.6, 'payment.purge': 0.4, 'stock.delete': 0.3,
  } satisfies Record<EventKind, number>,
  // biome-ignore format: a table
  changes: {
    inventory: 36.5, orders: 25.8, order_items: 16.3, payments: 8.5, invoices: 7.8, customers: 3.3, products: 1.8,
  } satisfies Record<SimTable, number>,
  /** Row changes per event, on average. */
  changesPerEvent: 2.95,
};
