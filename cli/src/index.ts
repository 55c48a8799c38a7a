export { ConfigError, loadStackConfig, type StackConfig, sourceConnectionOptions } from './config';
export { mulberry32 } from './globalmart/prng';
export { uniqueName } from './names';
export { waitForSnapshot } from './stack/cdc-summary';
export { stackDown } from './stack/down';
export { stackParts } from './stack/parts';
export {
  connectorName,
  connectUrl,
  debeziumConnectorConfig,
  debeziumTopic,
  type PrivateConnector,
} from './stack/parts/connect';
export { localDynamoDbClient } from './stack/parts/dynamodb';
export { sourceRootSql } from './stack/parts/mariadb';
export { registryUrls } from './stack/parts/registry';
export { localS3Client } from './stack/parts/s3';
export { lineReporter, renderStatus } from './stack/reporter';
export { allHealthy, stackStatus } from './stack/status';
export { PartFailedError, stackUp } from './stack/up';
export { renderTable } from './table';
export { DeadlineError, waitFor } from './wait';
