import { readFileSync } from 'node:fs';

/** Where a sink process stood, from its JSON log lines (libs/runtime serviceLogger). */
export interface SinkLogState {
  /** It had its partitions: a resync ran. */
  assigned: boolean;
  /** Lake commits it made, and when it made the last (epoch ms). */
  commits: number;
  lastCommitAt: number | undefined;
}

export function sinkLogState(file: string): SinkLogState {
  const state: SinkLogState = { assigned: false, commits: 0, lastCommitAt: undefined };
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return state;
  }
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { event?: string; time?: number };
    if (entry.event === 'resynced') state.assigned = true;
    if (entry.event === 'flushed') {
      state.commits += 1;
      state.lastCommitAt = entry.time;
    }
  }
  return state;
}

/** The state in words, for the log line of a kill at `at`. */
export function describeSinkState(state: SinkLogState, at = Date.now()): string {
  if (!state.assigned) return 'before its first assignment';
  if (state.lastCommitAt === undefined) return 'assigned, no commit yet';
  return `${state.commits} commits, the last ${((at - state.lastCommitAt) / 1000).toFixed(2)} s before`;
}
