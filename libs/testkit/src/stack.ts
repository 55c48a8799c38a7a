import { loadStackConfig, type StackConfig } from '@lakestream/stack';

/** The stack the tier's global setup brought up, addressed through the same environment variables. */
export function testStack(): StackConfig {
  return loadStackConfig();
}
