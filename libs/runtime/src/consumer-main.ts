import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { serviceLogger } from './log';
import { startOpsServer } from './ops-server';
import { type Closable, closeOnSignal } from './shutdown';

/** What a consumer service built by a main.ts offers the process around it. */
export interface ConsumerService {
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): string;
  ready(): boolean;
  /** Settles when the consumer crashed beyond its own restarts. */
  crashed: Promise<Error>;
}

/** A metrics registry with the process's own metrics (heap, event loop, GC) already in it. */
export function processMetrics(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

export interface ServeOptions {
  log: Logger;
  metricsRegistry: Registry;
  httpPort: number;
  shutdownDeadlineMs: number;
  /** Closed after the consumer loop has stopped and before the ops server: its clients. */
  clients?: Closable[];
  /** What the "started" line says besides the HTTP port. */
  started: { message: string; fields: Record<string, unknown> };
}

/**
 * The life of a consumer process: /metrics, /healthz and /readyz; SIGTERM stops the loop (which
 * commits what is in flight), then the clients, then the ops server; a consumer that crashed beyond
 * its own restarts ends the process, so Kubernetes restarts the pod.
 */
export async function serveConsumer(service: ConsumerService, options: ServeOptions): Promise<never> {
  const { log } = options;
  const ops = await startOpsServer({
    port: options.httpPort,
    registry: options.metricsRegistry,
    healthy: () => service.state() !== 'crashed',
    ready: service.ready,
  });
  closeOnSignal(
    [
      { name: 'consumer loop', close: service.stop },
      ...(options.clients ?? []),
      { name: 'ops server', close: ops.close },
    ],
    { log, deadlineMs: options.shutdownDeadlineMs },
  );
  await service.start();
  log.info({ event: 'started', httpPort: ops.port, ...options.started.fields }, options.started.message);
  const error = await service.crashed;
  log.fatal({ event: 'crashed', err: error }, 'consumer crashed; exiting');
  process.exit(1);
}

/** Runs a main; a failure to start is logged as one fatal line and exits non-zero. */
export function runMain(name: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    serviceLogger(name).fatal({ event: 'start_failed', err: error }, (error as Error).message);
    process.exit(1);
  });
}
