import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { StackConfig } from '../config';
import type { PartContext, StackPart } from './part';

export const repoRoot = resolve(__dirname, '..', '..', '..', '..');

/** Committed resources (POMs, launchers, templates) live beside the package, one folder per part. */
export const resourceRoot = resolve(__dirname, '..', '..', 'recipes');

export function partContext(
  config: StackConfig,
  part: StackPart,
  progress: (message: string) => void,
): PartContext {
  return {
    config,
    stateDir: join(config.home, part.name),
    cacheDir: join(config.cache, `${part.cacheKey}-${recipeDigest(join(resourceRoot, part.name))}`),
    resourceDir: join(resourceRoot, part.name),
    progress,
  };
}

/**
 * A short digest of a part's committed recipe (POMs, launchers): editing one installs afresh into a
 * new cache folder instead of silently reusing a build made from the old recipe.
 */
export function recipeDigest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'target') walk(path);
      } else {
        hash.update(relative(dir, path)).update('\0').update(readFileSync(path)).update('\0');
      }
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 8);
}
