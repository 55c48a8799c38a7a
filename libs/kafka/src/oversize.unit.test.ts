import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLog } from '@lakestream/runtime';
import { localStorage } from '@lakestream/storage';
import type { KafkaMessage } from 'kafkajs';
import { Registry } from 'prom-client';
import { deadLetter, dlqHeader } from './dead-letter';
import type { IncomingRecord, OutgoingRecord } from './exactly-once';
import { oversizeMetrics } from './metrics';
import { fitDeadLetter, fitOutputs, type OutputsOversize } from './oversize';
import { recordSize } from './record-size';
import { topicLimits } from './topic-limits';

const limit = 1024 * 1024;
const input = (bytes: number): IncomingRecord => {
  const message: KafkaMessage = {
    key: Buffer.from('k1'),
    value: Buffer.alloc(bytes, 3),
    headers: {},
    offset: '7',
    timestamp: '0',
    attributes: 0,
  };
  return { topic: 'raw.products', partition: 0, message };
};
const change = (bytes: number): OutgoingRecord => ({
  topic: 'changes.products',
  key: 'k1',
  value: Buffer.alloc(bytes, 5),
  headers: { 'lakestream.source': 'raw.products/0/7' },
});

let folder: string;
let oversize: OutputsOversize;
let registry: Registry;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'oversize-'));
  registry = new Registry();
  oversize = {
    limits: topicLimits({
      describe: async () => ({ topics: new Map(), brokerDefault: limit }),
    }),
    claimChecks: localStorage(folder),
    log: silentLog,
    metrics: oversizeMetrics(registry),
    dlqTopic: 'dlq',
    stage: 'ingest',
    now: () => Date.UTC(2026, 10, 23),
  };
});
afterEach(() => rm(folder, { recursive: true, force: true }));

const counter = async (name: string) =>
  (await registry.getMetricsAsJSON())
    .find((m) => m.name === name)
    ?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;

describe('fitOutputs', () => {
  it('passes outputs and dead letters that fit through untouched', async () => {
    const outputs = [change(1000), change(limit - 500)];
    const letter = deadLetter('dlq', input(100), { stage: 'quality', code: 'Q', reason: 'r' }, 0);
    expect(await fitOutputs(input(100), outputs, oversize)).toEqual(outputs);
    expect(await fitOutputs(input(100), [letter], oversize)).toEqual([letter]);
  });

  it('admits an output exactly at the limit and refuses one a byte above it', async () => {
    const at = change(limit - recordSize(change(0)));
    expect(recordSize(at)).toBe(limit);
    expect(await fitOutputs(input(10), [at], oversize)).toEqual([at]);
    const [above] = await fitOutputs(input(10), [change(limit - recordSize(change(0)) + 1)], oversize);
    expect(above?.headers?.[dlqHeader.code]).toBe('RECORD_TOO_LARGE');
  });

  it('dead-letters the input of an output too large for its topic, with none of its outputs', async () => {
    const fitted = await fitOutputs(input(200), [change(10), change(limit + 1)], oversize);
    expect(fitted).toHaveLength(1);
    const [letter] = fitted;
    expect(letter?.topic).toBe('dlq');
    expect(letter?.value).toEqual(input(200).message.value);
    expect(letter?.headers).toMatchObject({
      [dlqHeader.code]: 'RECORD_TOO_LARGE',
      [dlqHeader.stage]: 'ingest',
      [dlqHeader.sourceTopic]: 'raw.products',
      [dlqHeader.sourceOffset]: '7',
    });
    expect(String(letter?.headers?.[dlqHeader.reason])).toMatch(/changes\.products takes \d+ bytes.*1048576/);
    expect(letter?.headers?.[dlqHeader.claimCheck]).toBeUndefined();
    expect(await counter('lakestream_records_too_large_total')).toBe(1);
  });

  it('claim-checks the dead letter when the input itself is too large for the dead-letter topic', async () => {
    const big = input(limit + 10);
    const [letter] = await fitOutputs(big, [change(limit * 2)], oversize);
    const location = String(letter?.headers?.[dlqHeader.claimCheck]);
    expect(location).toBe(join(folder, 'raw.products', '0', '7-ingest'));
    expect(letter?.headers?.[dlqHeader.code]).toBe('RECORD_TOO_LARGE');
    expect(letter?.value?.length).toBe(0);
    expect(recordSize(letter as OutgoingRecord)).toBeLessThan(4096);
    expect(Buffer.compare(await readFile(location), big.message.value as Buffer)).toBe(0);
    expect(await counter('lakestream_dlq_claim_checks_total')).toBe(1);
  });
});

describe('fitDeadLetter', () => {
  it('sends a dead letter too large for its topic as its claim check, the original stored first', async () => {
    const big = input(2 * limit);
    const letter = deadLetter('dlq', big, { stage: 'lake', code: 'SINK_NOT_AVRO', reason: 'r' }, 0);
    const fitted = await fitDeadLetter(letter, oversize);
    const location = String(fitted.headers?.[dlqHeader.claimCheck]);
    expect(location).toBe(join(folder, 'raw.products', '0', '7-lake'));
    expect(fitted.headers?.[dlqHeader.code]).toBe('SINK_NOT_AVRO');
    expect(fitted.headers?.[dlqHeader.originalBytes]).toBe(String(2 + 2 * limit));
    expect(Buffer.compare(await readFile(location), big.message.value as Buffer)).toBe(0);
  });

  it('does not store anything for a dead letter that fits', async () => {
    const letter = deadLetter('dlq', input(10), { stage: 'lake', code: 'SINK_NOT_AVRO', reason: 'r' }, 0);
    expect(await fitDeadLetter(letter, oversize)).toBe(letter);
    await expect(readFile(join(folder, 'raw.products', '0', '7-lake'))).rejects.toThrow(/ENOENT/);
  });
});
