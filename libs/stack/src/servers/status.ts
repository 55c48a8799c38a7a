import type { StackConfig } from '../config';
import { partContext } from './context';
import type { PartName, StackPart } from './part';
import { isAlive, pidFile, readPid, residentBytes } from './processes';

export interface PartStatus {
  part: PartName;
  state: 'healthy' | 'unhealthy' | 'stopped';
  address: string;
  version: string;
  pid?: number;
  rssBytes?: number;
  detail?: string;
}

export async function stackStatus(config: StackConfig, parts: readonly StackPart[]): Promise<PartStatus[]> {
  return Promise.all(
    parts.map(async (part): Promise<PartStatus> => {
      const base = { part: part.name, address: part.address(config), version: part.version };
      const pid = readPid(pidFile(config.home, part.name));
      if (pid === undefined || !isAlive(pid)) return { ...base, state: 'stopped' };
      const ctx = partContext(config, part, () => undefined);
      const probe = await Promise.race([
        part.probe(ctx).then(
          (ok) => (ok ? undefined : 'not ready'),
          (error: Error) => error.message,
        ),
        new Promise<string>((resolve) => setTimeout(() => resolve('no answer within 5 s'), 5000).unref()),
      ]);
      return {
        ...base,
        state: probe === undefined ? 'healthy' : 'unhealthy',
        pid,
        rssBytes: residentBytes(pid),
        ...(probe === undefined ? {} : { detail: probe }),
      };
    }),
  );
}

export const allHealthy = (statuses: readonly PartStatus[]) => statuses.every((s) => s.state === 'healthy');
