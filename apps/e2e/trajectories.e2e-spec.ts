import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskSummary, TrajectorySummary, TrajectorySynthJobReport } from '@astra/contracts';
import { NatsBus } from '@astra/platform/bus';
import { waitFor } from '@astra/testing';
import { E2E } from './support/e2e.config';
import { ServiceHarness } from './support/service-harness';

jest.setTimeout(400_000);

// A crashed instance's job is redelivered once the ack wait passes without a heartbeat.
const ACK_WAIT = { BUS_ACK_WAIT_MS: '2000' };
// Enough trajectories that the kill lands with some stored and most not.
const CRASH_PER_TASK = 6;

interface OpenAiLine {
  messages: { role: string; content: string | null; tool_calls?: { id: string }[]; tool_call_id?: string }[];
  tools: { type: string; function: { name: string } }[];
}

describe('verifier, env-compiler and trajectory-synth as processes, driven by `astra tasks` and `astra trajectories`', () => {
  const synth = new ServiceHarness('trajectory-synth');
  const dir = mkdtempSync(join(tmpdir(), 'astra-e2e-trajectories-'));
  const envCompilerData = mkdtempSync(join(tmpdir(), 'astra-e2e-env-compiler-'));
  const client = new NatsBus({ service: 'cli', servers: E2E.natsUrl, namespace: synth.namespace });
  const status = (jobId: string): Promise<TrajectorySynthJobReport> => client.request('trajectory-synth.job.status', { jobId });

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
    // No LLM configuration anywhere: template tasks, the oracle agent, compiled tools and rules-mode judging.
    await Promise.all([
      synth.companion('verifier').ready(),
      synth.companion('env-compiler', { ASTRA_DATA_DIR: envCompilerData }).ready(),
      synth.start(ACK_WAIT),
    ]);
    await client.connect();
    await synth.cliOk(['env', 'synthesize', '--strategy', 'kb', '--count', '12', '--seed', '5', '--job-id', 'envs', '--timeout', '250']);
  });

  afterAll(async () => {
    await client.close();
    await synth.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(envCompilerData, { recursive: true, force: true });
  });

  it('makes tasks from environments, trajectories for them, shows them and exports SFT files', async () => {
    const generated = await synth.cliOk([
      'tasks',
      'generate',
      '--from',
      'environments',
      '--env-job',
      'envs',
      '--count',
      '8',
      '--job-id',
      'tasks',
    ]);
    expect(generated).toMatch(/^job tasks \((template|environment)\): \d+ generated, \d+ accepted, \d+ rejected$/m);
    const tasks = JSON.parse(await synth.cliOk(['tasks', 'ls', '--job', 'tasks', '--accepted', '--json'])) as TaskSummary[];
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((t) => t.accepted)).toBe(true);
    const task = await synth.cliOk(['tasks', 'show', tasks[0]!.id.slice(0, 10)]);
    expect(task).toContain(`task ${tasks[0]!.id}`);
    expect(task).toMatch(/^plan \(\d+ step\(s\)\):$/m);
    expect(task).toMatch(/^verdict: accepted$/m);

    const made = await synth.cliOk(['trajectories', 'synthesize', '--tasks-job', 'tasks', '--seed', '1', '--job-id', 'trajs']);
    expect(made).toMatch(new RegExp(`^job trajs: ${tasks.length} trajectories made, \\d+ accepted`, 'm'));
    expect(made).toMatch(/^executors: compiled \d+; agents: oracle \d+$/m);
    const trajectories = await trajectoriesOf('trajs');
    expect(trajectories).toHaveLength(tasks.length);
    expect(trajectories.every((t) => t.executor === 'compiled' && t.agent === 'oracle' && t.calls > 0)).toBe(true);
    const accepted = trajectories.filter((t) => t.verdict === 'accepted');
    expect(accepted.length).toBeGreaterThan(0);

    const table = await synth.cliOk(['trajectories', 'ls', '--job', 'trajs', '--verdict', 'accepted', '--limit', '3']);
    expect(table).toMatch(/^ID\s+JOB\s+TASK\s+EXECUTOR/);
    const shown = await synth.cliOk(['trajectories', 'show', accepted[0]!.id.slice(0, 10)]);
    expect(shown).toContain(`trajectory ${accepted[0]!.id}`);
    expect(shown).toMatch(/^question: \S/m);
    expect(shown).toMatch(/^ {4}call \S+\(.*\) -> ok$/m);
    expect(shown).toMatch(/^judgement \(rules\):$/m);
    expect(shown).toMatch(/^ {2}pass answer-grounded$/m);
    expect(shown).toMatch(/^verdict: accepted$/m);

    const out = join(dir, 'sft');
    const exported = await synth.cliOk([
      'trajectories',
      'export',
      '--job',
      'trajs',
      '--format',
      'openai',
      '--out',
      out,
      '--validation',
      '0.2',
    ]);
    expect(exported).toContain(`${accepted.length} trajectory(ies) exported as openai`);
    const lines = ['train', 'validation'].flatMap((side) =>
      readFileSync(`${out}.${side}.jsonl`, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as OpenAiLine),
    );
    expect(lines).toHaveLength(accepted.length);
    for (const line of lines) {
      expect(line.messages.filter((m) => m.role === 'user')).toHaveLength(1);
      expect(line.tools.length).toBeGreaterThan(0);
      const callIds = line.messages.flatMap((m) => m.tool_calls?.map((c) => c.id) ?? []);
      expect(line.messages.filter((m) => m.role === 'tool').map((m) => m.tool_call_id)).toEqual(callIds);
    }

    // Judging again with the same rules changes no verdict.
    const judged = await synth.cliOk(['trajectories', 'judge', 'trajs', '--job-id', 'rejudge']);
    expect(judged).toMatch(new RegExp(`^job rejudge: ${tasks.length} trajectories judged, ${accepted.length} accepted`, 'm'));
  });

  it('killed mid-job, resumes on the next instance: every trajectory stored once, none lost', async () => {
    await synth.cliOk([
      'tasks',
      'generate',
      '--from',
      'environments',
      '--env-job',
      'envs',
      '--count',
      '12',
      '--seed',
      '2',
      '--job-id',
      'crash-tasks',
    ]);
    const tasks = (await status('crash-tasks')).tasks!.accepted;
    const args = ['trajectories', 'synthesize', '--tasks-job', 'crash-tasks', '--per-task', String(CRASH_PER_TASK), '--job-id', 'crash'];
    // The CLI follows the job; it may give up while no instance answers, which is not what this test is about.
    const following = synth.cli([...args, '--timeout', '300']);
    const midway = await waitFor(
      async () => {
        const page = await client.request('trajectory-synth.trajectory.list', { jobId: 'crash', limit: 4 }).catch(() => undefined);
        return page && page.trajectories.length >= 4 ? status('crash') : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 10, what: 'the job to store 4 trajectories' },
    );
    synth.service.kill();
    expect(midway.status).toBe('running');

    await synth.start(ACK_WAIT);
    const done = await waitFor(
      async () => {
        const report = await status('crash').catch(() => undefined);
        return report?.status === 'completed' ? report : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 200, what: 'the redelivered job to complete' },
    );
    await following;
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    const stored = await trajectoriesOf('crash');
    expect(stored).toHaveLength(tasks * CRASH_PER_TASK);
    expect(new Set(stored.map((t) => t.id)).size).toBe(stored.length);
    expect(done.trajectories!.trajectories).toBe(stored.length);
    const perTask = new Map<string, number>();
    for (const t of stored) perTask.set(t.taskId, (perTask.get(t.taskId) ?? 0) + 1);
    expect(perTask.size).toBe(tasks);
    expect([...perTask.values()].every((n) => n === CRASH_PER_TASK)).toBe(true);

    // Repeating the command with the same job id shows the same job: it never runs again.
    const again = await synth.cli([...args, '--json']);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as TrajectorySynthJobReport).trajectories).toEqual(done.trajectories);
  });
});
