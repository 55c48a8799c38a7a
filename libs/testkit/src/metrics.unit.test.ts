import { sumSamples } from './metrics';

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
  expect(sumSamples(text, 'y')).toBe(7);
  expect(sumSamples(text, 'missing')).toBe(0);
});
