import type { StructuredLog } from './log';

export interface Closable {
  name: string;
  close(): Promise<void>;
}

/**
 * One place for signal handling: on SIGTERM or SIGINT, close each resource in the order given
 * (stop fetching → finish and commit the batch in flight → leave the group → close clients), and
 * exit non-zero if that does not finish within the deadline (Kubernetes' grace period).
 */
export function closeOnSignal(
  resources: readonly Closable[],
  options: { log: StructuredLog; deadlineMs: number; exit?: (code: number) => void },
): () => Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const timer = setTimeout(() => {
        options.log.error(
          { event: 'shutdown_deadline', deadlineMs: options.deadlineMs },
          'shutdown too slow',
        );
        exit(1);
      }, options.deadlineMs);
      timer.unref();
      let failed = false;
      for (const resource of resources) {
        try {
          await resource.close();
          options.log.info({ event: 'closed', resource: resource.name }, `${resource.name} closed`);
        } catch (error) {
          failed = true;
          options.log.error({ event: 'close_failed', resource: resource.name, err: error }, 'close failed');
        }
      }
      clearTimeout(timer);
      exit(failed ? 1 : 0);
    })();
    return closing;
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  return close;
}
