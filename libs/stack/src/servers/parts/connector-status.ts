import type { StackConfig } from '../../config';

/** `GET /connectors/<name>/status` of the Kafka Connect REST API, the parts read here. */
export interface ConnectorStatus {
  connector: { state: string };
  tasks: { state: string; trace?: string }[];
}

/** running: the connector and every task run; failed: one of them failed; starting: anything else. */
export type ConnectorHealth = 'running' | 'starting' | 'failed' | 'absent';

export function connectorHealth(status: ConnectorStatus | undefined): ConnectorHealth {
  if (!status) return 'absent';
  const states = [status.connector.state, ...status.tasks.map((t) => t.state)];
  if (states.includes('FAILED')) return 'failed';
  return status.tasks.length > 0 && states.every((s) => s === 'RUNNING') ? 'running' : 'starting';
}

/** The first line of the first failed task's trace, to say why in one line. */
export function failureOf(status: ConnectorStatus | undefined): string | undefined {
  const failed = status?.tasks.find((t) => t.state === 'FAILED');
  return failed ? (failed.trace?.split('\n')[0] ?? 'no trace') : undefined;
}

/** Kafka Connect's REST API. */
export const connectUrl = (config: StackConfig) => `http://${config.host}:${config.ports.connect}`;

/** The connector's status; undefined when Connect does not know it (or does not answer). */
export async function readConnectorStatus(
  stack: StackConfig,
  name: string,
): Promise<ConnectorStatus | undefined> {
  const response = await fetch(`${connectUrl(stack)}/connectors/${name}/status`, {
    signal: AbortSignal.timeout(5_000),
  }).catch(() => undefined);
  if (!response?.ok) return undefined;
  return (await response.json()) as ConnectorStatus;
}

/** Restarts the connector's failed parts only (Connect never restarts a failed task on its own). */
export async function restartFailed(stack: StackConfig, name: string): Promise<void> {
  await fetch(`${connectUrl(stack)}/connectors/${name}/restart?includeTasks=true&onlyFailed=true`, {
    method: 'POST',
    signal: AbortSignal.timeout(5_000),
  });
}

/**
 * Keeps a connector running for as long as the pipeline runs: a Debezium task fails when the broker
 * it writes to is away for a while, and would then stay failed until a person restarted it. Checks
 * every `intervalMs`, restarts what failed, and tells `onRestart` why.
 */
export function superviseConnector(
  stack: StackConfig,
  name: string,
  options: { intervalMs: number; onRestart: (reason: string) => void; onError: (error: Error) => void },
): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    const status = await readConnectorStatus(stack, name);
    if (connectorHealth(status) !== 'failed') return;
    options.onRestart(failureOf(status) ?? 'the connector failed');
    await restartFailed(stack, name);
  };
  const loop = () => {
    timer = setTimeout(() => {
      void check()
        .catch((error: Error) => options.onError(error))
        .finally(() => {
          if (!stopped) loop();
        });
    }, options.intervalMs);
    // A watchdog never keeps its process alive on its own.
    timer.unref();
  };
  loop();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
