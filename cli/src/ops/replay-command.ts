import { applyReplay, liveMembers, parseReplayTarget, planReplay, type ReplayMove } from '@lakestream/kafka';
import { renderTable } from '@lakestream/stack';
import type { Admin } from 'kafkajs';

export interface ReplayOptions {
  group: string;
  to: string;
  /** The topics to move; else every topic the group has committed on. */
  topics: readonly string[];
  dryRun: boolean;
}

/**
 * `lakestream replay`: moves a stopped group back (or forward) so it reads again from there. It
 * shows where each partition is and will be, and refuses while the group has live members, whose
 * next commit would overwrite the reset.
 */
export async function replayCommand(
  admin: Admin,
  options: ReplayOptions,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const target = parseReplayTarget(options.to);
  const members = await liveMembers(admin, options.group);
  const moves = await planReplay(
    admin,
    options.group,
    target,
    options.topics.length > 0 ? options.topics : undefined,
  );
  out(renderMoves(options.group, moves));
  if (members.length > 0) {
    err(
      `group ${options.group} has ${members.length} live member(s) (${members.join(', ')}): stop its consumers first (lakestream down, or scale them to zero), then replay`,
    );
    return 1;
  }
  if (options.dryRun) {
    out('dry run: nothing changed');
    return 0;
  }
  await applyReplay(admin, options.group, moves);
  out(`group ${options.group} reset on ${moves.length} partition(s); it reads from there when it starts`);
  return 0;
}

export function renderMoves(group: string, moves: readonly ReplayMove[]): string {
  return renderTable(
    ['GROUP', 'TOPIC', 'PARTITION', 'NOW AT', 'WILL BE AT', 'RECORDS TO READ AGAIN'],
    moves.map((m) => [
      group,
      m.topic,
      String(m.partition),
      m.from === undefined ? '-' : String(m.from),
      String(m.to),
      m.from === undefined || m.from <= m.to ? '0' : String(m.from - m.to),
    ]),
  );
}
