import { z } from 'zod';

/** The variables of every service that produces through the exactly-once loop. */
export const transactionalEnvShape = {
  /**
   * The prefix of the group's transactional ids, `<prefix>-<topic>-<partition>`; the same for every
   * instance of the group (GROUP_ID when unset), so a partition's new owner fences its old one.
   */
  TRANSACTIONAL_ID_PREFIX: z.string().min(1).optional(),
  /** Refused rather than ignored: an id per instance, as it was, would let a stale instance commit. */
  TRANSACTIONAL_ID: z
    .undefined({
      error:
        'no longer read: transactional ids are per input partition now; unset it, and set TRANSACTIONAL_ID_PREFIX (one value for every instance of the group) if GROUP_ID is not the prefix you want',
    })
    .optional(),
};

/** The group's transactional id prefix from a config parsed with `transactionalEnvShape`. */
export const transactionalIdPrefix = (config: {
  GROUP_ID: string;
  TRANSACTIONAL_ID_PREFIX?: string | undefined;
}) => config.TRANSACTIONAL_ID_PREFIX ?? config.GROUP_ID;
