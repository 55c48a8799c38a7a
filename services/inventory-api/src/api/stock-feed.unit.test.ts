import type { StructuredLog } from '@lakestream/runtime';
import { waitFor } from '@lakestream/testkit';
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { type StockEventSource, StockFeedError } from './stock-event';
import { stockFeed } from './stock-feed';
import { feedErrorOf } from './stock-source';

/** A source whose every start is settled by the test, and a log that keeps its lines. */
function scripted() {
  const starts: { resolve: () => void; reject: (error: Error) => void; failLater: (error: Error) => void }[] =
    [];
  let stops = 0;
  const source: StockEventSource = {
    start: (_sink, failed) =>
      new Promise<void>((resolve, reject) => {
        starts.push({ resolve, reject, failLater: failed });
      }),
    stop: async () => {
      stops++;
    },
  };
  const lines: string[] = [];
  const record = (level: string) => (fields: { event?: string }, message: string) =>
    lines.push(`${level} ${fields.event}: ${message}`);
  const log = { error: record('error'), warn: record('warn'), info: record('info'), debug: () => undefined };
  const attempt = (n: number) => waitFor(() => starts[n - 1], { what: `start #${n}`, timeoutMs: 5000 });
  return { source, starts, stops: () => stops, lines, log: log as unknown as StructuredLog, attempt };
}

const unreachable = () => new StockFeedError('Kafka unreachable');
const noTopic = () => new StockFeedError('topic lakestream.changes.inventory does not exist');

describe('stockFeed', () => {
  it('retries failed starts, runs, and restarts a source that fails later, logging each change once', async () => {
    const s = scripted();
    const feed = stockFeed(s.source, { log: s.log, backoffMs: () => 1 });
    let stoppedRunning = 0;
    feed.onStopped(() => stoppedRunning++);
    feed.start(() => undefined);
    expect(feed.status()).toEqual({ state: 'starting' });

    for (const n of [1, 2, 3]) (await s.attempt(n)).reject(unreachable());
    await s.attempt(4);
    expect(feed.status()).toEqual({ state: 'unavailable', reason: 'Kafka unreachable', attempts: 3 });
    (await s.attempt(4)).reject(noTopic());
    (await s.attempt(5)).resolve();
    await waitFor(() => feed.status().state === 'running', { what: 'running', timeoutMs: 5000 });
    expect(stoppedRunning).toBe(0);

    (await s.attempt(5)).failLater(unreachable());
    (await s.attempt(6)).reject(new Error('something kafkajs said'));
    await s.attempt(7);
    expect(feed.status()).toEqual({
      state: 'unavailable',
      reason: 'the stock events consumer failed',
      attempts: 2,
    });
    expect(stoppedRunning).toBe(1);
    // Each failed start was stopped before the next, so a half-started consumer is released.
    expect(s.stops()).toBe(6);

    await feed.stop();
    expect(s.lines).toEqual([
      'info stock_feed_starting: stock events starting',
      'warn stock_feed_unavailable: stock events unavailable: Kafka unreachable; retrying',
      'warn stock_feed_unavailable: stock events unavailable: topic lakestream.changes.inventory does not exist; retrying',
      'info stock_feed_running: stock events running',
      'warn stock_feed_unavailable: stock events unavailable: Kafka unreachable; retrying',
      'warn stock_feed_unavailable: stock events unavailable: the stock events consumer failed; retrying',
      'info stock_feed_stopped: stock events stopped',
    ]);
  });

  it('stops during a backoff without waiting it out, and starts nothing after', async () => {
    const s = scripted();
    const feed = stockFeed(s.source, { log: s.log, backoffMs: () => 3_600_000 });
    feed.start(() => undefined);
    (await s.attempt(1)).reject(unreachable());
    await waitFor(() => feed.status().state === 'unavailable', { what: 'unavailable', timeoutMs: 5000 });
    await feed.stop();
    expect(feed.status()).toEqual({ state: 'stopped' });
    // The supervisor's last act is stopping the source once more; after it, no start follows.
    await waitFor(() => s.stops() >= 3, { what: 'the supervisor to finish', timeoutMs: 5000 });
    expect(s.starts).toHaveLength(1);
  });

  it('stops a running source, and ignores a start that settles after stop', async () => {
    const s = scripted();
    const feed = stockFeed(s.source, { log: s.log, backoffMs: () => 1 });
    feed.start(() => undefined);
    const first = await s.attempt(1);
    await feed.stop();
    first.resolve();
    await waitFor(() => s.stops() >= 2, { what: 'the late start to be stopped', timeoutMs: 5000 });
    expect(feed.status()).toEqual({ state: 'stopped' });
    expect(s.starts).toHaveLength(1);
    expect(s.lines.filter((line) => line.includes('running'))).toEqual([]);
  });
});

describe('feedErrorOf', () => {
  const topic = 'lakestream.changes.inventory';

  it.each([
    [
      'retries exhausted on a refused connection',
      new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('connect ECONNREFUSED 127.0.0.1:1'), {
        retryCount: 10,
        retryTime: 10_240,
      }),
      'Kafka unreachable',
    ],
    [
      'the broker saying it has no such topic',
      // The typings take an Error; kafkajs itself passes the protocol's error entry.
      new KafkaJSProtocolError({
        type: 'UNKNOWN_TOPIC_OR_PARTITION',
        code: 3,
        retriable: true,
        message: 'This server does not host this topic-partition',
      } as unknown as Error),
      `topic ${topic} does not exist`,
    ],
    [
      'anything else, without its text',
      new Error('SASL authentication failed: bad password'),
      'the stock events consumer failed',
    ],
  ])('names %s in words a client may read', (_name, error, reason) => {
    const named = feedErrorOf(error, topic);
    expect([named.reason, named.cause]).toEqual([reason, error]);
  });
});
