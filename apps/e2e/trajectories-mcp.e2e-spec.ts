import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskRecord, TaskSummary, TrajectoryRecord, TrajectorySummary } from '@astra/contracts';
import { NatsBus } from '@astra/platform/bus';
import { E2E } from './support/e2e.config';
import { ServiceHarness } from './support/service-harness';

// The machine may be busy with other runs: MCP servers start per trajectory, so deadlines are generous.
jest.setTimeout(580_000);

/** Every string value inside a JSON value (arguments of a call). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

// Template tasks come from memory and filesystem chains: the structural graph links no tools of mcp:everything, so it
// has no chain to template (trajectories-mcp-http.e2e-spec.ts runs it, over HTTP, with tasks from the server alone).
// Filesystem plans that write into subfolders fail in the fresh empty folder (asserted below).
describe('graph-miner, the verifier and trajectory-synth as processes: oracle trajectories against the real MCP servers', () => {
  const synth = new ServiceHarness('trajectory-synth');
  // Imports of the real servers and whole jobs take longer than the CLI's default wait.
  const cliOk = (args: readonly string[], timeoutMs = 300_000): Promise<string> => synth.cliOk(args, timeoutMs);
  const minerData = mkdtempSync(join(tmpdir(), 'astra-e2e-graph-miner-'));
  const client = new NatsBus({ service: 'cli', servers: E2E.natsUrl, namespace: synth.namespace });

  /** Every stored trajectory of a job, following the pages. */
  async function trajectoriesOf(jobId: string): Promise<TrajectorySummary[]> {
    const all: TrajectorySummary[] = [];
    for (let cursor: string | undefined, first = true; first || cursor !== undefined; first = false) {
      const page = await client.request('trajectory-synth.trajectory.list', { jobId, limit: 1000, ...(cursor ? { cursor } : {}) });
      all.push(...page.trajectories);
      cursor = page.nextCursor;
    }
    return all;
  }

  beforeAll(async () => {
    // No LLM configuration anywhere: structural graphs, provenance verification, template tasks, the oracle agent and
    // rules-mode judging.
    await Promise.all([
      synth.companion('graph-miner', { ASTRA_DATA_DIR: minerData }).ready(),
      synth.companion('verifier').ready(),
      synth.start(),
    ]);
    await client.connect();
    await cliOk(['catalog', 'import', 'mcp:memory', 'mcp:filesystem', 'mcp:everything']);
    await cliOk(['graph', 'build', '--strategy', 'structural']);
    await cliOk(['chains', 'sample', '--seed', '42', '--per-server', '20', '--min', '2', '--max', '5']);
    await cliOk(['chains', 'verify', '--operator', 'provenance']);
  });

  afterAll(async () => {
    await client.close();
    await synth.dispose();
    rmSync(minerData, { recursive: true, force: true });
  });

  it('makes template tasks from verified chains and solves them with the oracle against real MCP servers', async () => {
    const generated = await cliOk([
      'tasks',
      'generate',
      '--from',
      'chains',
      '--strategy',
      'template',
      '--count',
      '60',
      '--job-id',
      'tasks',
    ]);
    expect(generated).toMatch(/^job tasks \(template\): \d+ generated, \d+ accepted, \d+ rejected$/m);
    const summaries = JSON.parse(
      await cliOk(['tasks', 'ls', '--job', 'tasks', '--accepted', '--limit', '1000', '--json']),
    ) as TaskSummary[];
    expect(summaries.length).toBeGreaterThan(0);
    const tasks = await Promise.all(
      summaries.map(async (s) => (await client.request('trajectory-synth.task.show', { id: s.id })).task as TaskRecord),
    );
    const serverOf = new Map<string, string>();
    for (const task of tasks) {
      if (task.source.kind !== 'chain') throw new Error(`task ${task.id} is not from a chain: ${task.source.kind}`);
      serverOf.set(task.id, task.source.server);
    }
    const servers = new Set(serverOf.values());
    expect(servers.has('memory')).toBe(true);
    expect(servers.has('filesystem')).toBe(true);

    // No detours: every call of the oracle's plan must then end ok against the real server.
    const made = await cliOk(
      [
        'trajectories',
        'synthesize',
        '--tasks-job',
        'tasks',
        '--agent',
        'oracle',
        '--executor',
        'mcp',
        '--detour-rate',
        '0',
        '--job-id',
        'trajs',
        '--timeout',
        '500',
      ],
      540_000,
    );
    expect(made).toMatch(new RegExp(`^job trajs: ${tasks.length} trajectories made, \\d+ accepted`, 'm'));
    expect(made).toMatch(new RegExp(`^executors: mcp ${tasks.length}; agents: oracle ${tasks.length}$`, 'm'));
    const trajectories = await trajectoriesOf('trajs');
    expect(trajectories).toHaveLength(tasks.length);
    expect(trajectories.every((t) => t.executor === 'mcp' && t.agent === 'oracle' && t.calls > 0)).toBe(true);
    const solvedServers = new Set(trajectories.map((t) => serverOf.get(t.taskId)));
    expect(solvedServers).toEqual(servers);

    const records = await Promise.all(
      trajectories.map(
        async (t) => (await client.request('trajectory-synth.trajectory.show', { id: t.id })).trajectory as TrajectoryRecord,
      ),
    );
    // Every call reached the real server: it answered (ok or the server's own error), nothing timed out or was refused.
    for (const record of records) {
      expect(record.calls.length).toBeGreaterThan(0);
      expect(record.calls.every((c) => (c.status === 'ok' || c.status === 'error') && c.result.trim() !== '')).toBe(true);
    }
    // Real server output: for every server, some trajectory ran all its calls ok and a result echoes a value the calls
    // sent (an entity name, written content or path).
    for (const server of servers) {
      const clean = records.filter((r) => serverOf.get(r.taskId) === server && r.calls.every((c) => c.status === 'ok'));
      const echoing = clean.filter((r) => {
        const sent = r.calls.flatMap((c) => stringsIn(c.arguments)).filter((v) => v.length >= 3);
        return r.calls.some((c) => sent.some((v) => c.result.includes(v)));
      });
      expect({ server, echoing: echoing.length > 0 }).toEqual({ server, echoing: true });
    }
    const memory = records.filter((r) => serverOf.get(r.taskId) === 'memory');
    expect(
      memory.some((r) => r.calls.some((c) => c.tool === 'create_entities' && c.status === 'ok' && /"entityType"/.test(c.result))),
    ).toBe(true);
    // The filesystem runs in a fresh empty folder per trajectory: template plans writing into subfolders fail there with
    // the server's own ENOENT naming that folder (a limitation of the template plans, not of the executor).
    const fsErrors = records.flatMap((r) => (serverOf.get(r.taskId) === 'filesystem' ? r.calls.filter((c) => c.status === 'error') : []));
    expect(fsErrors.some((c) => /ENOENT.*astra-traj-mcp-/.test(c.result))).toBe(true);

    // A plan that reads an empty memory graph and then needs an entity from it stops on infrastructure, unjudged: show
    // one that answered.
    const clean = records.find((r) => r.stop === 'answered' && r.calls.every((c) => c.status === 'ok'));
    if (!clean) throw new Error('no trajectory answered with every call ok');
    const shown = await cliOk(['trajectories', 'show', clean.id.slice(0, 10)]);
    expect(shown).toContain(`trajectory ${clean.id}`);
    expect(shown).toMatch(/^question: \S/m);
    expect(shown).toMatch(/^ {4}call \S+\(.*\) -> ok$/m);
    expect(shown).toMatch(/^judgement \(rules\):$/m);
  });
});
