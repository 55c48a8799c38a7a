import { Registry } from 'prom-client';
import { consumerMetrics, deadLetterCounter, loopMetrics } from './metrics';

describe('the metrics every consumer shares', () => {
  it('are one series per name in a registry, however many parts of a service ask for them', async () => {
    const registry = new Registry();
    const loop = loopMetrics(registry);
    const sink = consumerMetrics(registry);
    expect(sink.lag).toBe(loop.lag);
    expect(deadLetterCounter(registry)).toBe(deadLetterCounter(registry));

    loop.consumed.inc({ group: 'g', topic: 't' }, 3);
    sink.consumed.inc({ group: 'g', topic: 't' }, 2);
    deadLetterCounter(registry).inc({ stage: 'lake', code: 'SINK_VALUE_REFUSED', table: 'orders' });
    const text = await registry.metrics();
    expect(text).toContain('lakestream_records_consumed_total{group="g",topic="t"} 5');
    expect(text).toContain(
      'lakestream_dead_letters_total{stage="lake",code="SINK_VALUE_REFUSED",table="orders"} 1',
    );
  });

  it('are separate in separate registries (no module-level state)', () => {
    expect(consumerMetrics(new Registry()).lag).not.toBe(consumerMetrics(new Registry()).lag);
  });
});
