import type { Consumer } from 'kafkajs';
import type { StructuredLog } from './client';

export interface Membership {
  /** True between joining the group and the next rebalance. */
  joined(): boolean;
  /** True once the consumer crashed beyond its own restarts. */
  crashed(): boolean;
  /** Resolves on such a crash: the process should exit non-zero so Kubernetes restarts it. */
  fatal: Promise<Error>;
}

/** Follows a consumer's group membership and crashes, for readiness probes and fatal exits. */
export function watchMembership(consumer: Consumer, log: StructuredLog): Membership {
  let joined = false;
  let crashed = false;
  let report: (error: Error) => void = () => undefined;
  const fatal = new Promise<Error>((resolve) => {
    report = resolve;
  });
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  consumer.on(consumer.events.REBALANCING, () => {
    joined = false;
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    log.error({ err: payload.error, restart: payload.restart }, 'consumer crashed');
    if (!payload.restart) {
      crashed = true;
      report(payload.error);
    }
  });
  return { joined: () => joined, crashed: () => crashed, fatal };
}
