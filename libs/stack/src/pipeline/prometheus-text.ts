/** One sample of the Prometheus text format: metric name, labels and value. */
export interface Sample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** Parses the text exposition format (https://prometheus.io/docs/instrumenting/exposition_formats/). */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

type LabelMatch = Readonly<Record<string, string | ((value: string) => boolean)>>;

const matches = (labels: Readonly<Record<string, string>>, want: LabelMatch) =>
  Object.entries(want).every(([k, v]) => (typeof v === 'function' ? v(labels[k] ?? '') : labels[k] === v));

/** The sum of `name`'s samples whose labels match (an exact value, or a test of the value). */
export function sumOf(samples: readonly Sample[], name: string, labels: LabelMatch = {}): number {
  let sum = 0;
  for (const s of samples) if (s.name === name && matches(s.labels, labels)) sum += s.value;
  return sum;
}

/** The same on Prometheus text. */
export function sumSamples(text: string, name: string, labels: LabelMatch = {}): number {
  return sumOf(parseSamples(text), name, labels);
}

/**
 * A quantile of a histogram over the observations between two scrapes (bucket counts subtracted),
 * as Prometheus' histogram_quantile interpolates within a bucket. Undefined when nothing was observed.
 */
export function quantileBetween(
  before: readonly Sample[],
  after: readonly Sample[],
  name: string,
  q: number,
  labels: LabelMatch = {},
): number | undefined {
  const buckets = (samples: readonly Sample[]) => {
    const byLe = new Map<number, number>();
    for (const s of samples) {
      if (s.name !== `${name}_bucket` || !matches(s.labels, labels)) continue;
      const le = s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le);
      byLe.set(le, (byLe.get(le) ?? 0) + s.value);
    }
    return byLe;
  };
  const start = buckets(before);
  const counts = [...buckets(after)]
    .map(([le, count]) => ({ le, count: count - (start.get(le) ?? 0) }))
    .sort((a, b) => a.le - b.le);
  const total = counts.at(-1)?.count ?? 0;
  if (total <= 0) return undefined;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const { le, count } of counts) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return lower;
      const inBucket = count - below;
      return inBucket <= 0 ? le : lower + ((le - lower) * (rank - below)) / inBucket;
    }
    lower = le;
    below = count;
  }
  return lower;
}
