import {
  allHealthy,
  lineReporter,
  loadStackConfig,
  stackParts,
  stackStatus,
  stackUp,
} from '@lakestream/stack';

/**
 * Brings the local stack up once per test run. A stack that is already up and healthy is reused
 * and left running afterwards; one this run started is stopped by the global teardown (which runs
 * in this same process) unless LAKESTREAM_KEEP_STACK=1.
 */
export default async function globalSetup(): Promise<void> {
  // Global setup runs outside the test environment, so jest-env.ts has not run here yet.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = loadStackConfig();
  if (allHealthy(await stackStatus(config, stackParts))) return;
  const write = (line: string) => process.stderr.write(`${line}\n`);
  write('\nlakestream test stack: bringing it up');
  await stackUp(config, stackParts, lineReporter(write));
  process.env.LAKESTREAM_TEST_STARTED_STACK = '1';
}
