import { BusError, type Registry, type ResponseOf } from '@astra/contracts';
import { createTestDatabases } from '@astra/platform/database';
import { LlmTestServer } from '@astra/testing';
import { CATALOG_ENTITIES, CATALOG_MIGRATIONS } from '@astra/persistence/graph-miner';
import { GraphMinerHarness } from './support/graph-miner.harness';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(60_000);

// A small issue tracker whose dependencies are plain from its schemas: projects feed issues, issues feed closing.
const obj = (properties: Record<string, unknown>, required: string[]) => ({ type: 'object', properties, required });

const TRACKER_TOOLS = [
  {
    name: 'create_project',
    description: 'Create a project',
    input_schema: obj({ title: { type: 'string' } }, ['title']),
    output_schema: obj({ projectId: { type: 'string' } }, []),
  },
  {
    name: 'create_issue',
    description: 'Open an issue in a project',
    input_schema: obj({ project_id: { type: 'string' }, title: { type: 'string' } }, ['project_id', 'title']),
    output_schema: obj({ id: { type: 'string' }, url: { type: 'string' } }, []),
  },
  {
    name: 'close_issue',
    description: 'Close an issue',
    input_schema: obj({ issue_id: { type: 'string' }, reason: { type: 'string', enum: ['done', 'wontfix'] } }, ['issue_id', 'reason']),
  },
  {
    name: 'comment_issue',
    description: 'Comment on an issue',
    input_schema: obj({ issue_id: { type: 'string' }, body: { type: 'string' } }, ['issue_id', 'body']),
    output_schema: obj({ commentId: { type: 'string' } }, []),
  },
  {
    name: 'list_projects',
    description: 'List projects',
    input_schema: obj({ filter: { type: 'string' } }, []),
    output_schema: obj({ projects: { type: 'array', items: obj({ projectId: { type: 'string' }, title: { type: 'string' } }, []) } }, []),
  },
];

/** One ASTRA JSONL row of the tracker server. */
const TRACKER_JSONL = JSON.stringify({
  base_info: { group_info: { server_name: 'tracker', server_description: 'Projects and issues' }, tool_list: TRACKER_TOOLS },
});

const kinds = createTestDatabases({ service: 'graph-miner', entities: CATALOG_ENTITIES, migrations: CATALOG_MIGRATIONS }).map(
  (db) => db.name,
);

describe.each(kinds)('graphs and chains over real NATS on %s', (kind) => {
  const world = new GraphMinerHarness(kind);

  beforeAll(async () => {
    await world.start();
    await world.startApp();
    const artifact = await world.upload(`${TRACKER_JSONL}\n`);
    await world.requestImport({ importId: 'tracker-1', sources: [{ type: 'astra-jsonl', filename: 'tracker.jsonl', artifact }] });
    expect((await world.waitForReport('tracker-1')).status).toBe('completed');
  });

  afterAll(async () => {
    await world.stop();
  });

  it('builds a structural graph once; rebuilding the same thing creates nothing', async () => {
    const first = await world.buildGraphs({ strategy: 'structural' }, 'build-structural-1');
    expect(first).toMatchObject({
      jobId: 'build-structural-1',
      kind: 'graph-build',
      status: 'completed',
      progress: { done: 1, total: 1 },
      attempts: 1,
    });
    expect(first.graphs).toEqual([
      expect.objectContaining({
        server: 'tracker',
        version: 1,
        strategy: 'structural',
        created: true,
        invalidAnswers: 0,
        rejectedNames: [],
      }),
    ]);
    expect(first.graphs?.[0]?.edges).toBeGreaterThan(1);
    const again = await world.buildGraphs({ servers: ['tracker'], strategy: 'structural' });
    expect(again.graphs).toEqual([{ ...first.graphs?.[0], created: false }]);
    // The same job id again is the same job: its report, not a new attempt (a job queued after it has finished).
    await world.cli.publish('graph.build.requested', { jobId: 'build-structural-1', strategy: 'structural' });
    await world.buildGraphs({ strategy: 'structural' });
    expect(await world.cli.request('graph.job.status', { jobId: 'build-structural-1' })).toEqual(first);
    const json = JSON.parse((await world.cli.request('graph.show', { server: 'tracker', format: 'json' })).text) as {
      edges: { from: string; to: string; evidence: unknown[] }[];
    };
    expect(json.edges).toHaveLength(first.graphs?.[0]?.edges ?? -1);
    expect(json.edges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          from: 'create_project',
          to: 'create_issue',
          kind: 'data',
          evidence: expect.arrayContaining([expect.objectContaining({ kind: 'schema-field' })]),
        }),
        expect.objectContaining({ from: 'create_issue', to: 'close_issue' }),
      ]),
    );
  });

  it('shows the graph as text, DOT and Mermaid, and names a server without a graph', async () => {
    const show = (format: 'text' | 'dot' | 'mermaid') => world.cli.request('graph.show', { server: 'tracker', format }).then((r) => r.text);
    expect(await show('text')).toMatch(/^tracker \(structural\): 5 tools, \d+ edges \(data \d+/);
    expect(await show('dot')).toContain('"create_project" -> "create_issue"');
    const mermaid = await show('mermaid');
    expect(mermaid).toMatch(/^flowchart LR\n/);
    expect(mermaid).toContain('n3["create_project"]');
    expect(mermaid).toContain('n3 -->|1.00 data| n2');
    const error = await world.cli.request('graph.show', { server: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('"nope"') });
  });

  it('samples replayable chains: the same seed gives the same chains and stores none twice', async () => {
    const request = { servers: ['tracker'], seed: 7, perServer: 20, minLength: 2, maxLength: 4 };
    const first = await world.cli.request('chains.sample', request);
    expect(first.created).toBe(first.sampled);
    expect(first.sampled).toBeGreaterThan(0);
    const listed = await world.cli.request('chains.list', { server: 'tracker' });
    const again = await world.cli.request('chains.sample', request);
    expect(again).toEqual({ ...first, created: 0, servers: [{ ...first.servers[0], created: 0 }] });
    expect(await world.cli.request('chains.list', { server: 'tracker' })).toEqual(listed);
    const tools = listed.chains.map((c) => c.tools.join(' > '));
    expect(new Set(tools).size).toBe(tools.length);
    expect(listed.chains.every((c) => c.seed === 7 && c.tools.length >= 2 && c.tools.length <= 4)).toBe(true);
    const exhaustive = await world.cli.request('chains.sample', { ...request, seed: 8, mode: 'exhaustive', perServer: 1000 });
    expect(exhaustive.created).toBe(exhaustive.sampled - first.sampled);
  });

  it('stores provenance verdicts, verifies each chain once, and filters by status', async () => {
    const report = await world.verifyChains({ operator: 'provenance' });
    const { chains } = await world.cli.request('chains.list', {});
    expect(report).toMatchObject({ kind: 'chains-verify', status: 'completed', progress: { done: chains.length, total: chains.length } });
    const verified = report.verification ?? { counts: { accepted: -1, rejected: -1, unknown: -1 } };
    expect(verified).toMatchObject({ operator: 'provenance', verified: chains.length, total: chains.length });
    expect(verified.counts.accepted + verified.counts.rejected).toBe(chains.length);
    expect(verified.counts.unknown).toBe(0);
    const byTools = new Map(chains.map((c) => [c.tools.join(' > '), c]));
    expect(byTools.get('create_project > create_issue > close_issue')?.verdicts).toEqual([
      { operator: 'provenance', status: 'accepted', reasons: [] },
    ]);
    const rejected = await world.cli.request('chains.list', { status: 'rejected' });
    expect(rejected.chains.length).toBe(verified.counts.rejected);
    expect(rejected.chains.length).toBeGreaterThan(0);
    for (const chain of rejected.chains) {
      expect(chain.verdicts[0]?.reasons[0]).toMatchObject({
        step: expect.any(Number),
        message: expect.stringMatching(/identifier|supplies/),
      });
    }
    expect((await world.verifyChains({ operator: 'provenance' })).verification).toEqual({ ...verified, verified: 0 });
  });

  it('records a refused job as failed with its reason: model strategies and operators without an LLM config, unknown servers', async () => {
    for (const report of [
      await world.buildGraphs({ strategy: 'llm' }),
      await world.buildGraphs({ strategy: 'hybrid' }),
      await world.verifyChains({ operator: 'vote' }),
      await world.verifyChains({ operator: 'backtranslation' }),
    ]) {
      expect(report).toMatchObject({
        status: 'failed',
        attempts: 1,
        error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('ASTRA_LLM_CONFIG') },
      });
      expect(report.graphs ?? report.verification).toBeUndefined();
    }
    expect(await world.buildGraphs({ servers: ['tracker', 'nope'] })).toMatchObject({
      status: 'failed',
      error: { code: 'NOT_FOUND', message: 'no server "nope" in the catalog' },
    });
    expect(await world.cli.request('graph.job.status', { jobId: 'never-queued' })).toEqual({
      jobId: 'never-queued',
      status: 'pending',
      progress: { done: 0, total: 0 },
      attempts: 0,
    });
    const listed: ResponseOf<Registry, 'chains.list'> = await world.cli.request('chains.list', { status: 'unknown' });
    expect(listed.chains).toEqual([]);
  });
});

describe('model strategies and operators against a scripted OpenAI-compatible server', () => {
  const world = new GraphMinerHarness('sqlite');
  const llm = new LlmTestServer();
  const answer = (value: unknown) => ({ content: typeof value === 'string' ? value : JSON.stringify(value) });

  beforeAll(async () => {
    await llm.start();
    const role = (model: string) => ({ endpoints: [{ baseUrl: llm.baseUrl }], model, retries: { maxAttempts: 1 } });
    await world.start();
    await world.startApp([], {
      ASTRA_LLM_CONFIG_JSON: JSON.stringify({ roles: { chain_proposer: role('proposer'), chain_judge: role('judge') } }),
    });
    const artifact = await world.upload(`${TRACKER_JSONL}\n`);
    await world.requestImport({ importId: 'tracker-llm', sources: [{ type: 'astra-jsonl', filename: 'tracker.jsonl', artifact }] });
    expect((await world.waitForReport('tracker-llm')).status).toBe('completed');
  });

  afterAll(async () => {
    await world.stop();
    await llm.stop();
  });

  it('builds an llm graph from proposals, rejecting unknown names and recording garbage answers as invalid', async () => {
    const proposal = {
      chains: [
        ['create_project', 'create_issue', 'close_issue'],
        ['create_project', 'delete_everything', 'close_issue'],
      ],
    };
    // Sample 1 is usable; sample 2 is garbage twice (the answer and its repair turn).
    llm.setRules([
      {
        match: { model: 'proposer' },
        reply: [answer(proposal), answer('I think you should start with a project.'), answer('{"chains": "no"}')],
      },
    ]);
    const built = await world.buildGraphs({ strategy: 'llm', samples: 2 });
    expect(built.graphs).toEqual([
      {
        server: 'tracker',
        version: 1,
        strategy: 'llm',
        edges: 2,
        rejectedNames: ['delete_everything'],
        invalidAnswers: 1,
        created: true,
        stored: true,
      },
    ]);
    const graph = JSON.parse((await world.cli.request('graph.show', { server: 'tracker', strategy: 'llm', format: 'json' })).text) as {
      edges: { from: string; to: string }[];
    };
    expect(graph.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['create_issue>close_issue', 'create_project>create_issue']);
    const calls = llm.requestCount();
    expect(calls).toBe(3);
    expect((await world.buildGraphs({ strategy: 'llm', samples: 2 })).graphs?.[0]).toMatchObject({ created: false, edges: 2 });
    expect(llm.requestCount()).toBe(calls);
  });

  it('hybrid: the model confirms or rejects each structural candidate by majority and adds pairs of its own', async () => {
    await world.buildGraphs({ strategy: 'structural' });
    const verdict = (from: string, to: string, depends: boolean) => ({ from, to, depends });
    const chains = [
      ['create_project', 'create_issue'],
      ['comment_issue', 'list_projects'],
      ['create_issue', 'nuke_all'],
    ];
    llm.setRules([
      {
        match: { model: 'proposer' },
        reply: [
          answer({
            candidates: [
              verdict('create_project', 'create_issue', true),
              verdict('create_issue', 'comment_issue', false),
              verdict('ghost', 'create_issue', true),
            ],
            chains,
          }),
          answer({
            candidates: [verdict('create_project', 'create_issue', true), verdict('create_issue', 'comment_issue', false)],
            chains: [],
          }),
          answer('not json'),
          answer('still not json'),
        ],
      },
    ]);
    const built = await world.buildGraphs({ strategy: 'hybrid', samples: 3 });
    expect(built.graphs?.[0]).toMatchObject({ strategy: 'hybrid', created: true, invalidAnswers: 1, rejectedNames: ['nuke_all'] });
    const graph = JSON.parse((await world.cli.request('graph.show', { server: 'tracker', strategy: 'hybrid', format: 'json' })).text) as {
      edges: { from: string; to: string; evidence: { kind: string }[] }[];
    };
    const structural = JSON.parse(
      (await world.cli.request('graph.show', { server: 'tracker', strategy: 'structural', format: 'json' })).text,
    ) as typeof graph;
    const edge = (g: typeof graph, from: string, to: string) => g.edges.find((e) => e.from === from && e.to === to);
    expect(edge(structural, 'create_issue', 'comment_issue')).toBeDefined();
    expect(edge(graph, 'create_issue', 'comment_issue')).toBeUndefined();
    expect(edge(graph, 'create_project', 'create_issue')?.evidence.map((e) => e.kind)).toContain('llm-confirmed');
    expect(edge(graph, 'comment_issue', 'list_projects')?.evidence.map((e) => e.kind)).toEqual(['proposal']);
    expect(edge(graph, 'create_issue', 'close_issue')?.evidence.map((e) => e.kind)).not.toContain('llm-confirmed');
  });

  it('votes with judges: a garbage answer is unknown and never accepted; back-translation accepts only an exact match', async () => {
    await world.buildGraphs({ strategy: 'structural' });
    await world.cli.request('chains.sample', { strategy: 'structural', seed: 3, mode: 'exhaustive', perServer: 100 });
    const good = 'create_project -> create_issue -> close_issue';
    llm.setRules([
      { match: { model: 'judge', contains: `): ${good}\n` }, reply: answer({ valid: true }) },
      { match: { model: 'judge' }, reply: answer('maybe?') },
    ]);
    const voted = (await world.verifyChains({ operator: 'vote', samples: 1 })).verification ?? { total: -1 };
    expect(voted).toMatchObject({
      operator: 'vote',
      verified: voted.total,
      counts: { accepted: 1, rejected: 0, unknown: voted.total - 1 },
    });
    const unknown = await world.cli.request('chains.list', { status: 'unknown' });
    expect(unknown.chains).toHaveLength(voted.total - 1);
    expect(unknown.chains[0]?.verdicts[0]?.reasons[0]?.message).toMatch(/no majority|unparseable/);

    llm.setRules([
      {
        match: { model: 'judge', contains: 'Write the request' },
        reply: answer({ query: 'Start a project, file a bug in it, then close it.' }),
      },
      { match: { model: 'judge', contains: 'file a bug' }, reply: answer({ chain: ['create_project', 'create_issue', 'close_issue'] }) },
    ]);
    const translated = (await world.verifyChains({ operator: 'backtranslation' })).verification;
    expect(translated?.counts).toEqual({ accepted: 1, rejected: (translated?.total ?? 0) - 1, unknown: 0 });
    const accepted = await world.cli.request('chains.list', { status: 'accepted' });
    expect(accepted.chains.map((c) => c.tools.join(' -> '))).toEqual([good]);
  });
});
