import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskSummary, TrajectoryRecord, TrajectorySummary } from '@astra/contracts';
import { NatsBus } from '@astra/platform/bus';
import { EverythingHttpServer, LlmTestServer } from '@astra/testing';
import { E2E } from './support/e2e.config';
import { ServiceHarness } from './support/service-harness';

jest.setTimeout(300_000);

// The everything server has no chain the structural graph links, so its tasks come from the server alone (a model).
const QUESTION = 'Say the words "violet harbor" back to me, then tell me what 19 plus 23 makes.';
const FIVES = { question_quality: 5, scenario_realism: 5, tool_use_necessity: 5, tool_selection_difficulty: 5, uniqueness: 5 };

describe('graph-miner, the verifier and trajectory-synth as processes: a model agent against the everything server over HTTP', () => {
  const synth = new ServiceHarness('trajectory-synth');
  const minerData = mkdtempSync(join(tmpdir(), 'astra-e2e-graph-miner-'));
  const client = new NatsBus({ service: 'cli', servers: E2E.natsUrl, namespace: synth.namespace });
  const llm = new LlmTestServer();
  const everything = new EverythingHttpServer();
  let url = '';

  beforeAll(async () => {
    url = (await everything.start()).url;

    await llm.start(0);
    const role = (model: string) => ({
      endpoints: [{ baseUrl: llm.baseUrl }],
      model,
      retries: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });
    const llmConfig = { roles: { task_writer: role('writer'), task_scorer: role('scorer'), agent: role('agent') } };
    // The verifier has no judge model: rules-mode verdicts.
    await Promise.all([
      synth.companion('graph-miner', { ASTRA_DATA_DIR: minerData }).ready(),
      synth.companion('verifier').ready(),
      synth.start({
        ASTRA_LLM_CONFIG_JSON: JSON.stringify(llmConfig),
        MCP_SERVERS_JSON: JSON.stringify({ 'everything-http': { url } }),
        MCP_BUILTIN_SERVERS: 'false',
      }),
    ]);
    await client.connect();
    await synth.cliOk(['catalog', 'import', '--mcp-http', `everything-http=${url}`]);
  });

  afterAll(async () => {
    await client.close();
    await synth.dispose();
    await llm.stop();
    everything.stop();
    rmSync(minerData, { recursive: true, force: true });
  });

  it('writes a task from the server alone, and the agent solves it with parallel calls answered by the real server', async () => {
    llm.setRules([
      {
        name: 'write',
        match: { role: 'system', contains: 'You write realistic' },
        reply: { content: JSON.stringify({ question: QUESTION }) },
      },
      { name: 'score', match: { role: 'system', contains: 'You grade' }, reply: { content: JSON.stringify(FIVES) } },
      // The agent answers once both results are back, from what the server returned.
      {
        name: 'answer',
        match: { role: 'tool', contains: 'violet harbor' },
        reply: { reasoning_content: 'Both results are in.', content: 'You said "violet harbor", and 19 plus 23 makes 42.' },
      },
      {
        name: 'call',
        match: { tools: ['echo', 'get-sum'] },
        reply: {
          reasoning_content: 'Two independent requests: run them together.',
          tool_calls: [
            { id: 'c1', name: 'echo', arguments: { message: 'violet harbor' } },
            { id: 'c2', name: 'get-sum', arguments: { a: 19, b: 23 } },
          ],
        },
      },
    ]);
    const generated = await synth.cliOk([
      'tasks',
      'generate',
      '--from',
      'servers',
      '--servers',
      'everything-http',
      '--tools-per-task',
      '2',
      '--count',
      '1',
      '--job-id',
      'tasks',
    ]);
    expect(generated).toMatch(/^job tasks \(llm\): 1 generated, 1 accepted, 0 rejected$/m);
    const [task] = JSON.parse(await synth.cliOk(['tasks', 'ls', '--job', 'tasks', '--accepted', '--json'])) as TaskSummary[];
    expect(task).toBeDefined();

    const made = await synth.cliOk([
      'trajectories',
      'synthesize',
      '--tasks-job',
      'tasks',
      '--agent',
      'model',
      '--executor',
      'mcp',
      '--job-id',
      'trajs',
    ]);
    expect(made).toMatch(/^job trajs: 1 trajectories made, 1 accepted/m);
    expect(made).toMatch(/^executors: mcp 1; agents: model 1$/m);
    const page = await client.request('trajectory-synth.trajectory.list', { jobId: 'trajs', limit: 10 });
    const summaries: TrajectorySummary[] = page.trajectories;
    expect(summaries).toHaveLength(1);
    const record = (await client.request('trajectory-synth.trajectory.show', { id: summaries[0]!.id })).trajectory as TrajectoryRecord;
    expect(record).toMatchObject({ executor: 'mcp', agent: { kind: 'model', model: 'agent' }, stop: 'answered' });
    // Real outputs of the server, reached over HTTP: neither the model nor the test wrote them.
    expect(record.calls.map((c) => [c.tool, c.status])).toEqual([
      ['echo', 'ok'],
      ['get-sum', 'ok'],
    ]);
    expect(record.calls[0]?.result).toContain('Echo: violet harbor');
    expect(record.calls[1]?.result).toMatch(/\b42\b/);
    // Both calls in one assistant turn, the model's reasoning kept.
    const turns = record.messages.filter((m) => m.role === 'assistant');
    expect(turns[0]?.tool_calls?.map((c) => c.function.name)).toEqual(['echo', 'get-sum']);
    expect(turns.map((m) => m.reasoning_content)).toEqual(['Two independent requests: run them together.', 'Both results are in.']);
    expect(summaries[0]!.verdict).toBe('accepted');

    // The agent was offered the server's own tool list; the trajectory had an MCP session of its own, ended after it.
    const agentRequest = llm.requests.find((r) => JSON.stringify(r.body['tools'] ?? []).includes('get-sum'));
    expect(JSON.stringify(agentRequest?.body['tools'])).toContain('"echo"');
    const opened = [...everything.log.matchAll(/Session initialized with ID: (\S+)/g)].map((m) => m[1]);
    const ended = [...everything.log.matchAll(/Received session termination request for session (\S+)/g)].map((m) => m[1]);
    expect(ended.length).toBeGreaterThan(0);
    expect(ended.every((id) => opened.includes(id))).toBe(true);
  });
});
