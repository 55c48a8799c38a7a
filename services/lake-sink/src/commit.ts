import type { StructuredLog } from '@lakestream/kafka';
import { type SealedBatch, StaleBatchError, type TableWriter } from './lake/table-writer';
import { isTransient } from './lake/transient';
import type { SinkMetrics } from './metrics';
import type { PoisonRecords } from './poison-records';

export interface CommitDeps {
  metrics: SinkMetrics;
  log: StructuredLog;
  poison: PoisonRecords;
  now: () => number;
  /** False once the service stops or crashed: a commit waiting to be tried again gives up. */
  running: () => boolean;
}

/** The topics whose tables must be reloaded and re-read from their offsets after the commits. */
export interface CommitOutcome {
  /** Another writer had moved the table's offsets (StaleBatchError). */
  stale: Set<string>;
  /** Poison records were found and remembered; the batch was dropped. */
  poisoned: Set<string>;
}

/**
 * Commits sealed batches, one per table, and decides what a failure means. Transient (the warehouse,
 * the network): the same batch is committed again after a backoff, as long as the service runs. Not
 * transient: the batch's records are encoded again in parts to find those that fail on their own;
 * they are remembered as poison, to be dead-lettered when the resync re-reads them, and the rest
 * lands once. A failure that no record explains (the schema, a bug) is thrown: a restart is all
 * that is left, and the process exits to get one.
 */
export function batchCommitter({ metrics, log, poison, now, running }: CommitDeps) {
  const wakers = new Set<() => void>();

  /** Waits 0.5 s, 1 s, … up to 30 s before try `attempt + 1`; false if the service stops meanwhile. */
  function backoff(attempt: number): Promise<boolean> {
    const delayMs = Math.min(30_000, 500 * 2 ** (attempt - 1));
    // Stopped before this wait began: stopRetrying has already run, so nothing would wake it.
    if (!running()) return Promise.resolve(false);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve(running());
      };
      timer = setTimeout(wake, delayMs);
      wakers.add(wake);
    });
  }

  /** True when poison was found and remembered; false when looking hit a transient failure. */
  async function foundPoison(writer: TableWriter, batch: SealedBatch, error: Error): Promise<boolean> {
    const table = writer.name.name;
    let culprits: Awaited<ReturnType<TableWriter['poisonIn']>>;
    try {
      // Meanwhile the table buffers on; nothing commits that buffer, as the next flush waits for this one.
      culprits = await writer.poisonIn(batch);
    } catch (probeError) {
      if (!isTransient(probeError)) throw probeError;
      return false;
    }
    if (culprits.length === 0) {
      metrics.commitFailures.inc({ table, outcome: 'fatal' });
      throw error;
    }
    // The batch is dropped, and nothing more enters the table until the resync: a batch committed
    // meanwhile would start from the offsets this one expected, and cover its records without them.
    writer.fence();
    metrics.commitFailures.inc({ table, outcome: 'isolated' });
    for (const { item, error: cause } of culprits) {
      const code = (cause as { code?: unknown }).code;
      const reason = `${table}: ${typeof code === 'string' ? `${code}: ` : ''}${cause.message}`;
      poison.add(writer.topic, item.partition, item.offset, { reason, table: item.event.table });
      log.error(
        { event: 'poison_record', table, partition: item.partition, offset: item.offset.toString(), reason },
        'record fails to encode; it is dead-lettered when re-read',
      );
    }
    log.warn(
      { event: 'commit_failed', table, poison: culprits.length, err: error },
      'batch dropped; re-reading it without its poison records',
    );
    return true;
  }

  async function commitOne(writer: TableWriter, batch: SealedBatch, started: number, outcome: CommitOutcome) {
    const table = writer.name.name;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await writer.commit(batch);
        metrics.rows.inc({ table }, result.rows);
        metrics.deletes.inc({ table }, result.deletes);
        metrics.reemissionsSkipped.inc({ table }, writer.takeSkippedReemissions());
        metrics.bytes.inc({ table }, result.bytes);
        metrics.filesPerCommit.observe({ table }, result.dataFiles + result.deleteFiles);
        metrics.commitSeconds.observe({ table }, (now() - started) / 1000);
        metrics.sourceToLake.observe(
          { stage: 'lake', table },
          Math.max(0, now() - result.newestSourceCommit) / 1000,
        );
        if (writer.name.kind === 'current') metrics.liveRows.set({ table }, writer.liveRowCount);
        return;
      } catch (error) {
        if (error instanceof StaleBatchError) {
          metrics.staleBatches.inc({ table });
          log.warn({ event: 'stale_batch', table, reason: error.message }, 'batch dropped; resyncing');
          outcome.stale.add(writer.topic);
          return;
        }
        if (!isTransient(error) && (await foundPoison(writer, batch, error as Error))) {
          outcome.poisoned.add(writer.topic);
          return;
        }
        metrics.commitFailures.inc({ table, outcome: 'retried' });
        log.warn(
          { event: 'commit_retry', table, attempt, err: error },
          'transient failure; committing again',
        );
        // The sealed batch is kept and committed again; the next flush waits for it meanwhile
        // (backpressure), and a batch waiting for the lane heartbeats, as while S3 is slow.
        if (!(await backoff(attempt))) {
          // Stopping: the batch is given up, and re-read from the table's offsets at the next start.
          writer.fence();
          return;
        }
      }
    }
  }

  return {
    async commit(sealed: readonly { writer: TableWriter; batch: SealedBatch }[]): Promise<CommitOutcome> {
      const started = now();
      const outcome: CommitOutcome = { stale: new Set(), poisoned: new Set() };
      await Promise.all(sealed.map(({ writer, batch }) => commitOne(writer, batch, started, outcome)));
      return outcome;
    },

    /** Ends the waits between tries at once (the service stops or crashed); those commits give up. */
    stopRetrying() {
      for (const wake of [...wakers]) wake();
    },
  };
}
