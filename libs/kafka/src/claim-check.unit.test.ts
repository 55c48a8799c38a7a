import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localStorage } from '@lakestream/storage';
import type { KafkaMessage } from 'kafkajs';
import { claimCheck, storeClaimCheck } from './claim-check';
import { deadLetter, dlqHeader } from './dead-letter';

const value = Buffer.concat([Buffer.from([0xff, 0x00]), Buffer.alloc(2 * 1024 * 1024, 7)]);
const message = (key: Buffer | null, headers: KafkaMessage['headers'] = {}): KafkaMessage => ({
  key,
  value,
  headers,
  offset: '41',
  timestamp: '0',
  attributes: 0,
});
const letterOf = (m: KafkaMessage, reason = 'tenants.tenant_id has a bad format') =>
  deadLetter(
    'lakestream.dlq',
    { topic: 'globalmart.globalmart.tenants', partition: 2, message: m },
    { stage: 'quality', code: 'QUALITY_FORMAT', reason, table: 'tenants' },
    Date.UTC(2026, 10, 23),
  );

describe('claimCheck', () => {
  it('points at <root>/<topic>/<partition>/<offset>-<stage> and keeps only the dead-letter headers', () => {
    const letter = letterOf(message(Buffer.from('acme'), { trace: 'abc' }));
    const check = claimCheck(letter, 's3://warehouse/dlq');
    expect(check.location).toBe('s3://warehouse/dlq/globalmart.globalmart.tenants/2/41-quality');
    expect(check.letter.topic).toBe('lakestream.dlq');
    expect(check.letter.key?.toString()).toBe('acme');
    expect(check.letter.value).toEqual(Buffer.alloc(0));
    expect(check.letter.headers).toEqual({
      [dlqHeader.code]: 'QUALITY_FORMAT',
      [dlqHeader.reason]: 'tenants.tenant_id has a bad format',
      [dlqHeader.stage]: 'quality',
      [dlqHeader.table]: 'tenants',
      [dlqHeader.sourceTopic]: 'globalmart.globalmart.tenants',
      [dlqHeader.sourcePartition]: '2',
      [dlqHeader.sourceOffset]: '41',
      [dlqHeader.failedAt]: '2026-11-23T00:00:00.000Z',
      [dlqHeader.claimCheck]: check.location,
      [dlqHeader.originalBytes]: String(4 + value.length),
    });
  });

  it('stores the key, the value byte for byte, and a manifest with the original headers', () => {
    const check = claimCheck(letterOf(message(Buffer.from('acme'), { trace: ['a', 'b'] })), '/claims');
    const [key, stored, manifest] = check.objects;
    expect(key).toEqual({ location: `${check.location}.key`, bytes: Buffer.from('acme') });
    expect(stored?.location).toBe(check.location);
    expect(Buffer.compare(Buffer.from(stored?.bytes ?? []), value)).toBe(0);
    expect(manifest?.location).toBe(`${check.location}.json`);
    const parsed = JSON.parse(Buffer.from(manifest?.bytes ?? []).toString());
    expect(parsed).toMatchObject({
      source: { topic: 'globalmart.globalmart.tenants', partition: 2, offset: '41' },
      stage: 'quality',
      code: 'QUALITY_FORMAT',
      key: { location: `${check.location}.key`, bytes: 4 },
      value: { location: check.location, bytes: value.length },
      headers: [
        { name: 'trace', base64: Buffer.from('a').toString('base64') },
        { name: 'trace', base64: Buffer.from('b').toString('base64') },
      ],
    });
    expect(parsed.value.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('drops a large key and shortens a long reason on the dead letter, keeping both in the check', () => {
    const bigKey = Buffer.alloc(5000, 1);
    const reason = `${'x'.repeat(5000)} the end`;
    const check = claimCheck(letterOf(message(bigKey), reason), '/claims');
    expect(check.letter.key).toBeNull();
    expect(String(check.letter.headers?.[dlqHeader.reason]).length).toBeLessThan(1100);
    expect(check.objects[0]?.bytes).toEqual(bigKey);
    expect(JSON.parse(Buffer.from(check.objects.at(-1)?.bytes ?? []).toString()).reason).toBe(reason);
  });

  it('stores a record without a key as its value and manifest only', () => {
    const check = claimCheck(letterOf(message(null)), '/claims');
    expect(check.objects.map((o) => o.location)).toEqual([check.location, `${check.location}.json`]);
    expect(check.letter.key).toBeNull();
  });

  it('writes every object through the storage, exactly', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'claim-check-'));
    try {
      const storage = localStorage(folder);
      const check = claimCheck(letterOf(message(Buffer.from('acme'))), storage.root);
      await storeClaimCheck(storage, check);
      await storeClaimCheck(storage, check); // a batch consumed again writes the same check again
      expect(Buffer.compare(await readFile(check.location), value)).toBe(0);
      expect((await readFile(`${check.location}.key`)).toString()).toBe('acme');
      expect(JSON.parse((await readFile(`${check.location}.json`)).toString()).value.bytes).toBe(
        value.length,
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
