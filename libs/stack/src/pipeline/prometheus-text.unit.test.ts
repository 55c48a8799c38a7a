import { parseSamples, quantileBetween, sumOf, sumSamples } from './prometheus-text';

describe('Prometheus text', () => {
  it('sums the samples of one metric whose labels match', () => {
    const text = [
      '# HELP x_total things',
      'x_total{topic="a",code="A"} 2',
      'x_total{topic="a",code="B"} 3',
      'x_total{topic="b",code="A"} 5',
      'x_total_other{topic="a"} 100',
      'y 7',
    ].join('\n');
    expect(sumSamples(text, 'x_total')).toBe(10);
    expect(sumSamples(text, 'x_total', { topic: 'a' })).toBe(5);
    expect(sumSamples(text, 'x_total', { code: 'A' })).toBe(7);
    expect(sumSamples(text, 'x_total', { topic: (t) => t !== 'a' })).toBe(5);
    expect(sumOf(parseSamples(text), 'y')).toBe(7);
    expect(sumSamples(text, 'missing')).toBe(0);
  });

  it('takes a quantile of what a histogram observed between two scrapes', () => {
    const scrape = (counts: [string, number][]) =>
      parseSamples(counts.map(([le, n]) => `h_bucket{stage="s",le="${le}"} ${n}`).join('\n'));
    const before = scrape([
      ['0.1', 10],
      ['1', 10],
      ['+Inf', 10],
    ]);
    // Since then: 50 observations at or below 0.1 s, 50 between 0.1 s and 1 s.
    const after = scrape([
      ['0.1', 60],
      ['1', 110],
      ['+Inf', 110],
    ]);
    expect(quantileBetween(before, after, 'h', 0.5)).toBeCloseTo(0.1);
    expect(quantileBetween(before, after, 'h', 0.99)).toBeCloseTo(0.1 + 0.9 * (49 / 50));
    expect(quantileBetween(after, after, 'h', 0.5)).toBeUndefined();
  });
});
