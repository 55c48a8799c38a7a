import { createHash } from 'node:crypto';
import { isoFromMicros } from '@lakestream/schemas';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A strong ETag over the exact JSON body, so any change a client could see changes the tag. */
export const etagOf = (body: unknown) =>
  `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;

/** RFC 9110 §13.1.2: If-None-Match is a list of tags or `*`, compared weakly for GET. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * Sends a read: ETag and freshness headers (`x-data-committed-at`, the newest source commit among
 * the items read, and `x-data-age-ms`), or 304 without a body when the client's copy is current.
 */
export function sendRead(
  request: FastifyRequest,
  reply: FastifyReply,
  body: unknown,
  committedAt: number[],
  now: () => number,
): FastifyReply {
  const etag = etagOf(body);
  void reply.header('etag', etag).header('cache-control', 'private, no-cache');
  if (committedAt.length > 0) {
    // Epoch µs; a loop, since a page of many items would overflow Math.max's arguments.
    const newest = committedAt.reduce((a, b) => Math.max(a, b));
    void reply
      .header('x-data-committed-at', isoFromMicros(newest))
      .header('x-data-age-ms', String(Math.max(0, Math.floor(now() - newest / 1000))));
  }
  if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.send(body);
}
