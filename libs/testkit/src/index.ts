export { DeadlineError, uniqueName, waitFor } from '@lakestream/stack';
export { canonicalSelect, rowLines } from './canonical-sql';
export { type ChangeAt, changeEventAt } from './change-event';
export { type ChildService, spawnService } from './child-service';
export { readDeadLetters, type SeenDeadLetter } from './dead-letters';
export { freePort } from './free-port';
export { startGlueServer } from './glue-server';
export { type KillLoopOptions, type KillMoment, killLoop, pause } from './kill-loop';
export {
  type LakeFixture,
  type LakeFixturePlan,
  type LakeFixtureRequest,
  writeLakeFixture,
} from './lake-fixtures';
export {
  type InstalledReader,
  type LakeColumn,
  type LakeRead,
  type LakeReader,
  LakeReaderError,
  type LakeReadRequest,
  type LakeReadResult,
  type LakeRow,
  type LakeS3,
  lakeS3,
  readLakeTables,
  runReader,
} from './lake-readers';
export { scrapeMetric } from './metrics';
export { poisonSchemaId, undecodableRecords } from './poison';
export { installLakeReader, readersDir } from './reader-install';
export { testStack } from './stack';
