import { createHash } from 'node:crypto';
import { isoFromMicros } from '@lakestream/schemas';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'lossless-json';

/** A strong ETag over the exact JSON body, so any change a client could see changes the tag. */
export const etagOf = (body: unknown) => etagOfText(JSON.stringify(body));
const etagOfText = (text: string) =>
  `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;

/** RFC 9110 §13.1.2: If-None-Match is a list of tags or `*`, compared weakly for GET. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * Sends a read: ETag and freshness headers (`x-data-committed-at`, the newest source commit among
 * the items read, and `x-data-age-ms`), or 304 without a body when the client's copy is current.
 * `exact` bodies hold source JSON whose numbers must keep every digit (LosslessNumber): they are
 * written by lossless-json rather than the route's serializer, which would round them through a double.
 */
export function sendRead(
  request: FastifyRequest,
  reply: FastifyReply,
  body: unknown,
  committedAt: number[],
  now: () => number,
  exact = false,
): FastifyReply {
  const text = exact ? (stringify(body) ?? 'null') : undefined;
  const etag = text === undefined ? etagOf(body) : etagOfText(text);
  void reply.header('etag', etag).header('cache-control', 'private, no-cache');
  if (committedAt.length > 0) {
    // Epoch µs; a loop, since a page of many items would overflow Math.max's arguments.
    const newest = committedAt.reduce((a, b) => Math.max(a, b));
    void reply
      .header('x-data-committed-at', isoFromMicros(newest))
      .header('x-data-age-ms', String(Math.max(0, Math.floor(now() - newest / 1000))));
  }
  if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return text === undefined ? reply.send(body) : reply.type('application/json; charset=utf-8').send(text);
}
