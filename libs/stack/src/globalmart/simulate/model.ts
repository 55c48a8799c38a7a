import { Random } from '../prng';
import type { EventKind, RowRef, SimEvent } from './changes';
import { type Clock, type Draft, type ModelContext, numbered, type Task } from './context';
import { deleteCustomer, moveCustomer, registerCustomer } from './customer-events';
import { capture, deliver, runStep, ship } from './lifecycle-events';
import { spontaneousWeights } from './mix';
import { placeOrder } from './order-events';
import { addProduct, repriceProduct, toggleProduct } from './product-events';
import type { Snapshot } from './snapshot';
import { deleteEmptyStock, receiveStock, stockNewWarehouse } from './stock-events';
import { buildWorld, type TenantWorld, type World } from './world';

type Builder = (ctx: ModelContext, tenant: TenantWorld) => Draft | undefined;

const builders: Readonly<Partial<Record<EventKind, Builder>>> = {
  'customer.register': registerCustomer,
  'customer.move': moveCustomer,
  'customer.delete': deleteCustomer,
  'product.add': addProduct,
  'product.reprice': repriceProduct,
  'product.availability': toggleProduct,
  'stock.receive': receiveStock,
  'stock.new': stockNewWarehouse,
  'stock.delete': deleteEmptyStock,
  'order.place': placeOrder,
  'order.backlog': advanceBacklog,
};

const spontaneous = Object.entries(spontaneousWeights) as [EventKind, number][];

/** Draws before concluding that the tenants offer nothing to act on (empty tenants, say). */
const maxDraws = 200;

interface Scheduled {
  due: number;
  /** Insertion order, so steps due at the same event run in the order they were scheduled. */
  n: number;
  task: Task;
}

/**
 * The GlobalMart workload: an endless, deterministic sequence of business events for a seed and a
 * snapshot (times come from the clock, which tests fix). Pure: it only reads its arguments and its
 * own state, and assumes every event it emits commits, in order wherever two events share a row.
 */
export class Workload {
  private readonly world: World;
  private readonly rng: Random;
  private readonly ctx: ModelContext;
  private readonly due: Scheduled[] = [];
  private seq = 0;
  private refs = 0;
  private scheduled = 0;

  constructor(seed: number, snapshot: Snapshot, clock: Clock) {
    this.world = buildWorld(snapshot);
    this.rng = new Random(seed >>> 0);
    this.ctx = {
      world: this.world,
      rng: this.rng,
      now: clock,
      newRef: (): RowRef => ({ ref: ++this.refs }),
      schedule: (task, delay) => this.push({ due: this.seq + Math.max(1, delay), n: this.scheduled++, task }),
    };
  }

  next(): SimEvent {
    this.seq++;
    while (this.due.length > 0 && (this.due[0] as Scheduled).due <= this.seq) {
      const drafted = runStep(this.ctx, this.pop().task);
      if (drafted) return numbered(drafted, this.seq);
    }
    for (let draw = 0; draw < maxDraws; draw++) {
      const kind = this.rng.weighted(spontaneous, ([, weight]) => weight)[0];
      const tenant = this.rng.weighted(this.world.tenants, (t) => t.weight);
      const drafted = builders[kind]?.(this.ctx, tenant);
      if (drafted) return numbered(drafted, this.seq);
    }
    throw new Error(
      `nothing to simulate for ${this.world.tenants.map((t) => t.id).join(', ')}: they need customers, products and warehouses`,
    );
  }

  // A binary min-heap on (due, n).
  private push(item: Scheduled): void {
    const heap = this.due;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent] as Scheduled)) break;
      heap[i] = heap[parent] as Scheduled;
      i = parent;
    }
    heap[i] = item;
  }

  private pop(): Scheduled {
    const heap = this.due;
    const top = heap[0] as Scheduled;
    const last = heap.pop() as Scheduled;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child =
          right < heap.length && before(heap[right] as Scheduled, heap[left] as Scheduled) ? right : left;
        if (!before(heap[child] as Scheduled, last)) break;
        heap[i] = heap[child] as Scheduled;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

const before = (a: Scheduled, b: Scheduled) => a.due < b.due || (a.due === b.due && a.n < b.n);

/** Moves an order found in the snapshot one step on: paid, shipped, then delivered (and done). */
function advanceBacklog(ctx: ModelContext, tenant: TenantWorld): Draft | undefined {
  const order = tenant.backlog.pick(ctx.rng);
  if (!order) return undefined;
  switch (order.status) {
    case 'pending':
      return capture(ctx, order, 'order.backlog');
    case 'paid':
      return ship(ctx, order, 'order.backlog');
    case 'shipped':
      tenant.backlog.delete(order);
      return deliver(ctx, order, 'order.backlog');
    default:
      tenant.backlog.delete(order);
      return undefined;
  }
}
