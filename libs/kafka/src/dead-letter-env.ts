import { envLocation } from '@lakestream/storage';
import { z } from 'zod';

/**
 * The variables of every service that dead-letters, to spread into its environment schema beside
 * the S3 settings (`s3EnvShape`, @lakestream/storage) its claim-check location may need.
 */
export const deadLetterEnvShape = {
  /**
   * Where an original too large for the dead-letter topic is stored (its dead letter points at it):
   * an absolute folder or s3://bucket/prefix; in AWS the warehouse bucket's `dlq/` prefix.
   */
  CLAIM_CHECK_LOCATION: envLocation(`${process.env.HOME ?? '/tmp'}/.local/state/lakestream/dlq`),
  /**
   * Every output topic's size limit instead of the `max.message.bytes` the cluster reports; for a
   * cluster that does not grant DescribeConfigs. At least 16 KiB: a claim check must fit.
   */
  KAFKA_MAX_MESSAGE_BYTES: z.coerce
    .number({ error: 'expected a byte count' })
    .int('expected a whole number of bytes')
    .min(16 * 1024, 'expected at least 16384 bytes')
    .optional(),
};
