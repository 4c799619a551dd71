// The baseline of the rollout-broker benchmark: the very sandbox work of stored episodes (the same bundle, the same
// calls turn by turn, a turn's calls at once) made as raw verifier RPCs, at the broker's concurrency, with no policy,
// no scoring and no storage. What the broker takes beyond this per environment step is its overhead.
import type { EnvironmentRecord, EpisodeRecord, SandboxLimits } from '@astra/contracts';
import type { MessageBus } from '@astra/platform/bus';

export interface ReplayFigures {
  /** Wall time of each episode replayed, by episode id. */
  readonly wallMs: ReadonlyMap<string, number>;
  readonly seconds: number;
  readonly calls: number;
}

/** The bundle an episode ran with: its environment's tools and its distractors' tools, with their code. */
function bundleOf(episode: EpisodeRecord, records: ReadonlyMap<string, EnvironmentRecord>) {
  const env = records.get(episode.environmentId);
  if (!env) throw new Error(`environment ${episode.environmentId} of episode ${episode.id} is not loaded`);
  const tools = env.tools.map((t) => ({ name: t.name, code: t.code }));
  for (const d of episode.distractors) {
    const tool = records.get(d.environmentId)?.tools.find((t) => t.name === d.name);
    if (!tool) throw new Error(`distractor ${d.name} of ${d.environmentId} is not loaded`);
    tools.push({ name: tool.name, code: tool.code });
  }
  return { language: 'python' as const, ...(env.setup ? { setup: env.setup } : {}), tools };
}

async function replayOne(bus: MessageBus, episode: EpisodeRecord, records: ReadonlyMap<string, EnvironmentRecord>, limits: SandboxLimits) {
  const started = performance.now();
  const opened = await bus.request('sandbox.session.open', { bundle: bundleOf(episode, records), limits });
  const offered = new Set(episode.tools.map((t) => t.function.name));
  try {
    for (const turn of episode.turns) {
      const calls = episode.calls.filter((c) => turn.callIds.includes(c.id) && c.arguments !== null && offered.has(c.tool));
      await Promise.all(
        calls.map((c) =>
          bus.request('sandbox.tool.call', { sessionId: opened.sessionId, tool: c.tool, arguments: c.arguments ?? {}, limits }),
        ),
      );
    }
  } finally {
    await bus.request('sandbox.session.close', { sessionId: opened.sessionId });
  }
  return performance.now() - started;
}

/** Replays `episodes` with `lanes` at a time (the broker's episode limit in the run compared). */
export async function replayDirect(
  bus: MessageBus,
  episodes: readonly EpisodeRecord[],
  records: ReadonlyMap<string, EnvironmentRecord>,
  options: { lanes: number; limits: SandboxLimits },
): Promise<ReplayFigures> {
  const wallMs = new Map<string, number>();
  const queue = [...episodes];
  const started = performance.now();
  const lane = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) wallMs.set(next.id, await replayOne(bus, next, records, options.limits));
  };
  await Promise.all(Array.from({ length: options.lanes }, lane));
  const calls = episodes.reduce((n, e) => n + e.calls.filter((c) => c.arguments !== null).length, 0);
  return { wallMs, seconds: (performance.now() - started) / 1000, calls };
}
