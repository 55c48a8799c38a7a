import { createHash } from 'node:crypto';
import { joinLocation, type WarehouseStorage } from '@lakestream/storage';
import { dlqHeader } from './dead-letter';
import type { OutgoingRecord } from './exactly-once';

/** A key this small stays on the dead letter, so the DLQ still shows which row it was. */
const keptKeyBytes = 1024;
/** The full reason is in the manifest; the dead letter keeps enough of it to read in a console. */
const keptReasonChars = 1000;
const dlqPrefix = 'lakestream.dlq.';

export interface ClaimCheck {
  /** Where the original value is, and what the dead letter points at. */
  location: string;
  /** What to store: the key and value as they came, then the manifest, which marks a complete check. */
  objects: { location: string; bytes: Uint8Array }[];
  /** The dead letter that travels instead: the usual headers, the pointer, an empty value. */
  letter: OutgoingRecord;
}

/**
 * The claim check of a dead letter too large for its topic (Enterprise Integration Patterns' Claim
 * Check): the original record goes to `<root>/<source topic>/<partition>/<offset>-<stage>` (value),
 * `….key` (key, if any) and `….json` (its headers, byte exact, with the failure and sizes), and
 * the dead letter keeps only the `lakestream.dlq.*` headers plus the pointer. A dead letter is
 * the original record with those headers added (`deadLetter`), so it holds everything needed.
 */
export function claimCheck(letter: OutgoingRecord, root: string): ClaimCheck {
  const headers = letter.headers ?? {};
  const text = (name: string) => {
    const value = headers[name];
    return (Array.isArray(value) ? value[0] : value)?.toString();
  };
  const part = (value: string | undefined) => (value ?? 'unknown').replace(/[^A-Za-z0-9._-]/g, '_');
  const source = {
    topic: text(dlqHeader.sourceTopic) ?? null,
    partition: text(dlqHeader.sourcePartition) ?? null,
    offset: text(dlqHeader.sourceOffset) ?? null,
  };
  const stage = text(dlqHeader.stage);
  const location = joinLocation(
    root,
    part(source.topic ?? undefined),
    part(source.partition ?? undefined),
    `${part(source.offset ?? undefined)}-${part(stage)}`,
  );
  const key = letter.key === null ? null : Buffer.from(letter.key);
  const value = letter.value;
  const original: { name: string; base64: string }[] = [];
  const kept: Record<string, string | Buffer> = {};
  for (const [name, raw] of Object.entries(headers)) {
    for (const one of Array.isArray(raw) ? raw : [raw]) {
      if (one === undefined) continue;
      if (name.startsWith(dlqPrefix)) kept[name] = one;
      else original.push({ name, base64: Buffer.from(one).toString('base64') });
    }
  }
  const reason = text(dlqHeader.reason);
  if (reason !== undefined && reason.length > keptReasonChars)
    kept[dlqHeader.reason] = `${reason.slice(0, keptReasonChars)}… (in full in the claim check)`;
  const described = (bytes: Buffer | null, at: string) =>
    bytes === null
      ? null
      : { location: at, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  const manifest = {
    claimCheck: 1,
    source: { ...source, partition: source.partition === null ? null : Number(source.partition) },
    stage: stage ?? null,
    code: text(dlqHeader.code) ?? null,
    reason: reason ?? null,
    failedAt: text(dlqHeader.failedAt) ?? null,
    key: described(key, `${location}.key`),
    value: described(value, location),
    headers: original,
  };
  return {
    location,
    objects: [
      ...(key === null ? [] : [{ location: `${location}.key`, bytes: key }]),
      // A null value (a tombstone) is stored empty; the manifest says it was null.
      { location, bytes: value ?? Buffer.alloc(0) },
      { location: `${location}.json`, bytes: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    ],
    letter: {
      topic: letter.topic,
      key: key !== null && key.length <= keptKeyBytes ? letter.key : null,
      value: Buffer.alloc(0),
      headers: {
        ...kept,
        [dlqHeader.claimCheck]: location,
        [dlqHeader.originalBytes]: String((key?.length ?? 0) + (value?.length ?? 0)),
      },
    },
  };
}

/**
 * Stores a claim check, the manifest last. Objects are overwritten, not created exclusively: the
 * batch that wrote them may be consumed again after an abort, and a topic deleted and recreated
 * reuses offsets, so the newest dead letter's bytes must be what its pointer finds.
 */
export async function storeClaimCheck(storage: WarehouseStorage, check: ClaimCheck): Promise<void> {
  const manifest = check.objects.at(-1);
  await Promise.all(check.objects.slice(0, -1).map((o) => storage.write(o.location, o.bytes)));
  if (manifest) await storage.write(manifest.location, manifest.bytes);
}
