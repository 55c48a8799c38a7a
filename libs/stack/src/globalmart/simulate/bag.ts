import type { Random } from '../prng';

/**
 * A set with O(1) add, remove and uniform random pick, for the model's pools of candidates
 * (customers, open orders, empty stock rows, ...). Iteration order depends only on the calls made,
 * so picks repeat for a seed.
 */
export class Bag<T> {
  private readonly items: T[] = [];
  private readonly index = new Map<T, number>();

  constructor(items: Iterable<T> = []) {
    for (const item of items) this.add(item);
  }

  get size(): number {
    return this.items.length;
  }

  has(item: T): boolean {
    return this.index.has(item);
  }

  add(item: T): void {
    if (this.index.has(item)) return;
    this.index.set(item, this.items.length);
    this.items.push(item);
  }

  /** Swaps the last item into the removed one's place. */
  delete(item: T): void {
    const at = this.index.get(item);
    if (at === undefined) return;
    const last = this.items.pop() as T;
    this.index.delete(item);
    if (last !== item) {
      this.items[at] = last;
      this.index.set(last, at);
    }
  }

  pick(rng: Random): T | undefined {
    return this.items.length === 0 ? undefined : this.items[Math.floor(rng.float() * this.items.length)];
  }

  /** A random item that passes `accept`, trying at most `tries` picks (candidates are usually common). */
  pickWhere(rng: Random, accept: (item: T) => boolean, tries = 8): T | undefined {
    for (let i = 0; i < tries; i++) {
      const item = this.pick(rng);
      if (item === undefined) return undefined;
      if (accept(item)) return item;
    }
    return undefined;
  }
}
