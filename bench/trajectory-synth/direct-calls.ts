// The baseline of the trajectory-synth benchmark's overhead phase: the calls of stored compiled-executor trajectories
// made again as raw verifier RPCs (a session with the environment's bundle, each turn's calls at once, close), one
// trajectory at a time, with no agent, no judge and no storage.
import type { EnvironmentRecord, SandboxLimits, TaskRecord, TrajectoryRecord } from '@astra/contracts';
import type { MessageBus } from '@astra/platform/bus';

/** Wall time of each trajectory's calls made directly, by trajectory id. */
export async function callDirect(
  bus: MessageBus,
  trajectories: readonly TrajectoryRecord[],
  tasks: ReadonlyMap<string, TaskRecord>,
  environments: ReadonlyMap<string, EnvironmentRecord>,
  limits: SandboxLimits,
): Promise<Map<string, number>> {
  const wallMs = new Map<string, number>();
  for (const t of trajectories) {
    const source = tasks.get(t.taskId)?.source;
    const env = source?.kind === 'environment' ? environments.get(source.environmentId) : undefined;
    if (!env) throw new Error(`trajectory ${t.id}: its task's environment is not loaded`);
    const bundle = {
      language: 'python' as const,
      ...(env.setup ? { setup: env.setup } : {}),
      tools: env.tools.map((x) => ({ name: x.name, code: x.code })),
    };
    const started = performance.now();
    const { sessionId } = await bus.request('sandbox.session.open', { bundle, limits });
    try {
      const turns = [...new Set(t.calls.map((c) => c.turn))];
      for (const turn of turns) {
        const calls = t.calls.filter((c) => c.turn === turn && c.arguments !== null);
        await Promise.all(
          calls.map((c) => bus.request('sandbox.tool.call', { sessionId, tool: c.tool, arguments: c.arguments ?? {}, limits })),
        );
      }
    } finally {
      await bus.request('sandbox.session.close', { sessionId });
    }
    wallMs.set(t.id, performance.now() - started);
  }
  return wallMs;
}
