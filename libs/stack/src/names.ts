import { randomBytes } from 'node:crypto';

/**
 * A name no other test (or earlier run) has used, so tests can share one broker and one set of
 * servers without seeing each other's topics, groups, buckets or tables.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
