export { DeadlineError, uniqueName, waitFor } from '@lakestream/cli';
export { type ChangeAt, changeEventAt } from './change-event';
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
export { installLakeReader, readersDir } from './reader-install';
export { testStack } from './stack';
