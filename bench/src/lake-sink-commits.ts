import {
  type FlushResult,
  type SealedBatch,
  TableWriter,
} from '@lakestream/lake-sink/dist/lake/table-writer';

// Every table commit the sink makes, timed exactly. The service times each table's commit into the
// lakestream_lake_commit_seconds histogram, whose buckets are too coarse for percentiles; timing the
// same call here (TableWriter.commit, which the service runs for each sealed table in parallel while
// consuming goes on) gives exact numbers, and the rounds: one round is all tables of one flush.

export interface TableCommit {
  table: string;
  kind: 'changes' | 'current';
  ms: number;
  result: FlushResult;
}

export interface CommitRound {
  /** performance.now() at the round's first table flush. */
  startedAt: number;
  ms: number;
  tables: number;
  files: number;
}

export interface CommitLog {
  commits: TableCommit[];
  rounds: CommitRound[];
  /** Stops recording and puts TableWriter.commit back. */
  restore(): void;
}

export function recordCommits(): CommitLog {
  const original = TableWriter.prototype.commit;
  const log: CommitLog = { commits: [], rounds: [], restore: () => undefined };
  let inFlight = 0;
  let round: CommitRound | undefined;
  TableWriter.prototype.commit = async function timedCommit(this: TableWriter, batch: SealedBatch) {
    if (inFlight === 0) round = { startedAt: performance.now(), ms: 0, tables: 0, files: 0 };
    inFlight += 1;
    const started = performance.now();
    try {
      const result = await original.call(this, batch);
      if (result) {
        log.commits.push({
          table: this.name.name,
          kind: this.name.kind,
          ms: performance.now() - started,
          result,
        });
        if (round) {
          round.tables += 1;
          round.files += result.dataFiles + result.deleteFiles;
        }
      }
      return result;
    } finally {
      inFlight -= 1;
      if (inFlight === 0 && round) {
        log.rounds.push({ ...round, ms: performance.now() - round.startedAt });
        round = undefined;
      }
    }
  };
  log.restore = () => {
    TableWriter.prototype.commit = original;
  };
  return log;
}
