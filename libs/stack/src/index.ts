export { ConfigError, loadStackConfig, type StackConfig, sourceConnectionOptions } from './config';
export { mulberry32 } from './globalmart/prng';
export {
  type Clock,
  createFixtureTenant,
  type EventKind,
  type FixtureCounts,
  type SimEvent,
  type SimTable,
  type SimulateDeps,
  type SimulateOptions,
  type SimulationProgress,
  type SimulationReport,
  type Snapshot,
  simTables,
  simulate,
  simulationPool,
  snapshotFromSeed,
  Workload,
  wallClock,
} from './globalmart/simulate';
export { uniqueName } from './names';
export {
  type LakeTableView,
  type ObserveDeps,
  observePipeline,
  type PipelineSnapshot,
  readPipelineState,
  tailDeadLetters,
} from './pipeline/observe';
export { parseSamples, quantileBetween, type Sample, sumOf, sumSamples } from './pipeline/prometheus-text';
export {
  type PipelineState,
  pipelineLogDir,
  pipelinePidFile,
  pipelineStateFile,
  type RunOptions,
  runPipeline,
  serviceSpec,
} from './pipeline/runner';
export {
  BASE_PORTS,
  demoApiKeys,
  type PipelineLayout,
  pipelineServices,
  SERVICES,
  type ServiceInstance,
  type ServiceName,
} from './pipeline/services';
export { renderLine, renderView, type ViewOptions } from './pipeline/view';
export { measureCdcFlow, renderCdcSummary, waitForSnapshot } from './servers/cdc-summary';
export { repoRoot } from './servers/context';
export { stackDown } from './servers/down';
export { type PartName, partNames } from './servers/part';
export { stackParts } from './servers/parts';
export {
  connectorName,
  connectUrl,
  debeziumConnectorConfig,
  debeziumTopic,
  type PrivateConnector,
  registerConnector,
  reviveConnector,
} from './servers/parts/connect';
export {
  type ConnectorHealth,
  type ConnectorStatus,
  connectorHealth,
  readConnectorStatus,
  superviseConnector,
} from './servers/parts/connector-status';
export { localDynamoDbClient } from './servers/parts/dynamodb';
export { provisionSourceDatabase, sourceRootSql } from './servers/parts/mariadb';
export {
  localRulesFile,
  type PrometheusConfigOptions,
  prometheusConfigYaml,
  prometheusYaml,
} from './servers/parts/prometheus';
export { registryUrls } from './servers/parts/registry';
export { localS3Client } from './servers/parts/s3';
export { isAlive, logFile, readPid, tailFile } from './servers/processes';
export { lineReporter, renderStatus } from './servers/reporter';
export { allHealthy, stackStatus } from './servers/status';
export { PartFailedError, stackUp } from './servers/up';
export {
  type SupervisedSpec,
  type SupervisedState,
  type SupervisedStatus,
  type Supervisor,
  type SupervisorEvent,
  type SupervisorOptions,
  supervisor,
} from './supervisor';
export { renderTable } from './table';
export { DeadlineError, StalledError, waitFor, waitWhileProgressing } from './wait';
