export { DeadlineError, uniqueName, waitFor } from '@lakestream/cli';
export { testStack } from './stack';
