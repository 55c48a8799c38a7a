import { formatBytes, renderTable } from '../table';
import type { DownReporter } from './down';
import type { PartName } from './part';
import type { PartStatus } from './status';
import type { UpReporter } from './up';

const label = (part: PartName) => part.padEnd(10);

/** Line-per-step progress on a stream, stamped with seconds since the command began. */
export function lineReporter(
  write: (line: string) => void,
  now: () => number = Date.now,
): UpReporter & DownReporter {
  const begun = now();
  const stamp = () => `[${((now() - begun) / 1000).toFixed(1).padStart(5)}s]`;
  return {
    progress: (part, message) => write(`${stamp()} ${label(part)} ${message}`),
    ready: (part, outcome, elapsedMs) =>
      write(
        `${stamp()} ${label(part)} ${outcome === 'started' ? 'ready' : 'already running'} (${(elapsedMs / 1000).toFixed(1)} s)`,
      ),
    stopped: (part, outcome) => write(`${stamp()} ${label(part)} ${outcome}`),
    strayKilled: (pid, command) =>
      write(`${stamp()} stopping a stray process of the stack: ${pid} ${command}`),
  };
}

export function renderStatus(statuses: readonly PartStatus[]): string {
  return renderTable(
    ['PART', 'STATE', 'ADDRESS', 'VERSION', 'PID', 'MEMORY', 'DETAIL'],
    statuses.map((s) => [
      s.part,
      s.state,
      s.address,
      s.version,
      s.pid === undefined ? '-' : String(s.pid),
      formatBytes(s.rssBytes),
      s.detail ?? '',
    ]),
  );
}
