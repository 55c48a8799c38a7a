/**
 * Seeded randomness for the GlobalMart generator. Math.random cannot be seeded, and the seed must
 * reproduce byte-identical SQL on every machine, so this is mulberry32: tiny, fast, and good enough
 * for test data (not for anything secret).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to turn a seed plus a label into an independent stream seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Random {
  private readonly next: () => number;

  constructor(private readonly seed: number) {
    this.next = mulberry32(seed);
  }

  /**
   * An independent stream per label, so that e.g. generating more orders does not change which
   * products exist: each part of the data set draws from its own stream.
   */
  fork(label: string): Random {
    return new Random(hash32(`${this.seed}:${label}`));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('cannot pick from an empty list');
    return item;
  }

  /** Picks by relative weight; weights need not sum to 1. */
  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weightOf(item), 0);
    let threshold = this.next() * total;
    for (const item of items) {
      threshold -= weightOf(item);
      if (threshold < 0) return item;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error('cannot pick from an empty list');
    return last;
  }

  /**
   * A picker for repeated weighted draws from one list: the cumulative weights are built once and
   * each draw is a binary search, since orders draw customers and products thousands of times.
   */
  weightedPicker<T>(items: readonly T[], weightOf: (item: T) => number): () => T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    const cumulative: number[] = [];
    let total = 0;
    for (const item of items) {
      total += weightOf(item);
      cumulative.push(total);
    }
    return () => {
      const threshold = this.next() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cumulative[mid] as number) > threshold) hi = mid;
        else lo = mid + 1;
      }
      return items[lo] as T;
    };
  }

  /** Up to `count` distinct items, chosen by weight (without replacement). */
  sampleWeighted<T>(items: readonly T[], count: number, weightOf: (item: T) => number): T[] {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0) {
      const item = this.weighted(pool, weightOf);
      chosen.push(item);
      pool.splice(pool.indexOf(item), 1);
    }
    return chosen;
  }

  /** Fisher-Yates on a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = a;
    }
    return copy;
  }

  /** A string from a pattern: '#' a digit, '@' an upper-case letter, anything else literally. */
  pattern(template: string): string {
    let out = '';
    for (const ch of template) {
      if (ch === '#') out += String(this.int(0, 9));
      else if (ch === '@') out += String.fromCharCode(65 + this.int(0, 25));
      else out += ch;
    }
    return out;
  }
}
