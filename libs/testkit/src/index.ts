export { DeadlineError, uniqueName, waitFor } from '@lakestream/cli';
export {
  type InstalledReader,
  installLakeReader,
  type LakeColumn,
  type LakeRead,
  type LakeReader,
  LakeReaderError,
  type LakeReadRequest,
  type LakeReadResult,
  type LakeRow,
  type LakeS3,
  lakeS3,
  readersDir,
  readLakeTables,
  runReader,
} from './lake-readers';
export { testStack } from './stack';
