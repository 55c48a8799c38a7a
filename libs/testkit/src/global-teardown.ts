import { lineReporter, loadStackConfig, stackDown, stackParts } from '@lakestream/stack';

export default async function globalTeardown(): Promise<void> {
  if (process.env.LAKESTREAM_TEST_STARTED_STACK !== '1' || process.env.LAKESTREAM_KEEP_STACK === '1') return;
  const write = (line: string) => process.stderr.write(`${line}\n`);
  await stackDown(loadStackConfig(), stackParts, lineReporter(write), { purge: false });
}
