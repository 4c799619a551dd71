import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EpisodeRecord } from '@astra/contracts';
import type { BatchGroups } from '../rollouts/rollout-client';

/** One episode as the worker's RL batch line (worker/PROTOCOL.md, "RL batch"). */
function batchLine(groupId: string, episode: EpisodeRecord): string {
  const turns = episode.turns.map((turn) => ({
    ...(turn.tokens?.promptTokenIds ? { promptTokenIds: turn.tokens.promptTokenIds } : {}),
    ...(turn.tokens?.tokenIds ? { tokenIds: turn.tokens.tokenIds } : {}),
    ...(turn.tokens?.logprobs ? { logprobs: turn.tokens.logprobs } : {}),
  }));
  const line = { group: groupId, environmentId: episode.environmentId, reward: episode.reward?.reward ?? 0 };
  return JSON.stringify({ ...line, messages: episode.messages, tools: episode.tools, turns });
}

/**
 * Writes a batch's scored episodes as JSONL at `path`; returns the episodes written and the hash of the groups' ids
 * (the checkpoints' dataHashes).
 */
export async function writeRlBatch(path: string, groups: BatchGroups): Promise<{ episodes: number; hash: string }> {
  const lines: string[] = [];
  for (const { group, episodes } of groups) {
    for (const episode of episodes) if (episode.reward) lines.push(batchLine(group.id, episode));
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  const hash = createHash('sha256')
    .update(groups.map((g) => g.group.id).join('\n'))
    .digest('hex');
  return { episodes: lines.length, hash };
}
