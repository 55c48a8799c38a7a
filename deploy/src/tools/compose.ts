import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goModule } from './cache';

/**
 * The Compose Specification's JSON schema, as Docker Compose itself validates with it: the copy in
 * compose-go (the Compose reference implementation's loader), from the Go module proxy.
 */
export const COMPOSE_GO = { module: 'github.com/compose-spec/compose-go/v2', version: 'v2.16.2' } as const;

export async function composeSchema(): Promise<Record<string, unknown>> {
  const dir = await goModule(COMPOSE_GO.module, COMPOSE_GO.version);
  return JSON.parse(readFileSync(join(dir, 'schema', 'compose-spec.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}
