export { ConfigError, envBrokers, envPort, parseEnv } from './config';
export {
  type ConsumerService,
  processMetrics,
  runMain,
  type ServeOptions,
  serveConsumer,
} from './consumer-main';
export { endToEndSeconds } from './end-to-end';
export { type StructuredLog, serviceLogger, silentLog } from './log';
export { type OpsServer, type OpsServerOptions, startOpsServer } from './ops-server';
export { type Closable, closeOnSignal } from './shutdown';
