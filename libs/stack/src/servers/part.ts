import type { StackConfig } from '../config';

export const partNames = ['kafka', 'registry', 'mariadb', 'connect', 's3', 'dynamodb', 'prometheus'] as const;
export type PartName = (typeof partNames)[number];

export interface ProcessSpec {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

export interface PartContext {
  config: StackConfig;
  /** This part's state folder under the stack home. */
  stateDir: string;
  /** This part's download/build folder under the cache, keyed by version. */
  cacheDir: string;
  /** The folder holding the part's committed resources (POMs, templates). */
  resourceDir: string;
  /** Reports a step of a long operation, so `up` shows where it is. */
  progress(message: string): void;
}

/**
 * One server of the local stack. The lifecycle is split so `up` can skip what is already done:
 * install (cached, version-keyed) → prepare (first-start state) → start process → probe until
 * ready → provision (idempotent: users, buckets, connectors).
 */
export interface StackPart {
  name: PartName;
  version: string;
  /** Folder name under the cache; changes whenever what `install` fetches changes. */
  cacheKey: string;
  dependsOn: readonly PartName[];
  /** Ports the process will bind, checked free before it starts. */
  ports(config: StackConfig): number[];
  address(config: StackConfig): string;
  readyTimeoutMs: number;
  install(ctx: PartContext): Promise<void>;
  prepare(ctx: PartContext): Promise<void>;
  process(ctx: PartContext): ProcessSpec;
  /** Resolves true once the server answers real requests; false (or a throw) means not yet. */
  probe(ctx: PartContext): Promise<boolean>;
  provision?(ctx: PartContext): Promise<void>;
}
