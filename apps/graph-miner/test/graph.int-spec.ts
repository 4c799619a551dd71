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
  { name: 'create_project', description: 'Create a project', input_schema: obj({ title: { type: 'string' } }, ['title']), output_schema: obj({ projectId: { type: 'string' } }, []) },
  { name: 'create_issue', description: 'Open an issue in a project', input_schema: obj({ project_id: { type: 'string' }, title: { type: 'string' } }, ['project_id', 'title']), output_schema: obj({ id: { type: 'string' }, url: { type: 'string' } }, []) },
  { name: 'close_issue', description: 'Close an issue', input_schema: obj({ issue_id: { type: 'string' }, reason: { type: 'string', enum: ['done', 'wontfix'] } }, ['issue_id', 'reason']) },
  { name: 'comment_issue', description: 'Comment on an issue', input_schema: obj({ issue_id: { type: 'string' }, body: { type: 'string' } }, ['issue_id', 'body']), output_schema: obj({ commentId: { type: 'string' } }, []) },
  { name: 'list_projects', description: 'List projects', input_schema: obj({ filter: { type: 'string' } }, []), output_schema: obj({ projects: { type: 'array', items: obj({ projectId: { type: 'string' }, title: { type: 'string' } }, []) } }, []) },
];

/** One ASTRA JSONL row of the tracker server. */
const TRACKER_JSONL = JSON.stringify({
  base_info: { group_info: { server_name: 'tracker', server_description: 'Projects and issues' }, tool_list: TRACKER_TOOLS },
});

const kinds = createTestDatabases({ service: 'graph-miner', entities: CATALOG_ENTITIES, migrations: CATALOG_MIGRATIONS }).map((db) => db.name);

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
    const first = await world.cli.request('graph.build', { strategy: 'structural' });
    expect(first.graphs).toEqual([expect.objectContaining({ server: 'tracker', version: 1, strategy: 'structural', created: true, invalidAnswers: 0, rejectedNames: [] })]);
    expect(first.graphs[0]?.edges).toBeGreaterThan(1);
    const again = await world.cli.request('graph.build', { servers: ['tracker'], strategy: 'structural' });
    expect(again.graphs).toEqual([{ ...first.graphs[0], created: false }]);
    const json = JSON.parse((await world.cli.request('graph.show', { server: 'tracker', format: 'json' })).text) as { edges: { from: string; to: string; evidence: unknown[] }[] };
    expect(json.edges).toHaveLength(first.graphs[0]?.edges ?? -1);
    expect(json.edges).toEqual(expect.arrayContaining([
      expect.objectContaining({ from: 'create_project', to: 'create_issue', evidence: expect.arrayContaining([expect.objectContaining({ kind: 'schema-field' })]) }),
      expect.objectContaining({ from: 'create_issue', to: 'close_issue' }),
    ]));
  });

  it('shows the graph as text, DOT and Mermaid, and names a server without a graph', async () => {
    const show = (format: 'text' | 'dot' | 'mermaid') => world.cli.request('graph.show', { server: 'tracker', format }).then((r) => r.text);
    expect(await show('text')).toMatch(/^tracker \(structural\): 5 tools, \d+ edges/);
    expect(await show('dot')).toContain('"create_project" -> "create_issue"');
    const mermaid = await show('mermaid');
    expect(mermaid).toMatch(/^flowchart LR\n/);
    expect(mermaid).toContain('n3["create_project"]');
    expect(mermaid).toContain('n3 -->|1.00| n2');
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
    const verified = await world.cli.request('chains.verify', { operator: 'provenance' });
    const { chains } = await world.cli.request('chains.list', {});
    expect(verified).toMatchObject({ operator: 'provenance', verified: chains.length, total: chains.length });
    expect(verified.counts.accepted + verified.counts.rejected).toBe(chains.length);
    expect(verified.counts.unknown).toBe(0);
    const byTools = new Map(chains.map((c) => [c.tools.join(' > '), c]));
    expect(byTools.get('create_project > create_issue > close_issue')?.verdicts).toEqual([{ operator: 'provenance', status: 'accepted', reasons: [] }]);
    const rejected = await world.cli.request('chains.list', { status: 'rejected' });
    expect(rejected.chains.length).toBe(verified.counts.rejected);
    expect(rejected.chains.length).toBeGreaterThan(0);
    for (const chain of rejected.chains) {
      expect(chain.verdicts[0]?.reasons[0]).toMatchObject({ step: expect.any(Number), message: expect.stringMatching(/identifier|supplies/) });
    }
    expect(await world.cli.request('chains.verify', { operator: 'provenance' })).toEqual({ ...verified, verified: 0 });
  });

  it('refuses model strategies and operators without an LLM config, naming the setting', async () => {
    for (const call of [
      () => world.cli.request('graph.build', { strategy: 'llm' }),
      () => world.cli.request('graph.build', { strategy: 'hybrid' }),
      () => world.cli.request('chains.verify', { operator: 'vote' }),
      () => world.cli.request('chains.verify', { operator: 'backtranslation' }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('ASTRA_LLM_CONFIG') });
    }
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
    await world.startApp([], { ASTRA_LLM_CONFIG_JSON: JSON.stringify({ roles: { chain_proposer: role('proposer'), chain_judge: role('judge') } }) });
    const artifact = await world.upload(`${TRACKER_JSONL}\n`);
    await world.requestImport({ importId: 'tracker-llm', sources: [{ type: 'astra-jsonl', filename: 'tracker.jsonl', artifact }] });
    expect((await world.waitForReport('tracker-llm')).status).toBe('completed');
  });

  afterAll(async () => {
    await world.stop();
    await llm.stop();
  });

  it('builds an llm graph from proposals, rejecting unknown names and recording garbage answers as invalid', async () => {
    const proposal = { chains: [['create_project', 'create_issue', 'close_issue'], ['create_project', 'delete_everything', 'close_issue']] };
    // Sample 1 is usable; sample 2 is garbage twice (the answer and its repair turn).
    llm.setRules([{ match: { model: 'proposer' }, reply: [answer(proposal), answer('I think you should start with a project.'), answer('{"chains": "no"}')] }]);
    const built = await world.cli.request('graph.build', { strategy: 'llm', samples: 2 });
    expect(built.graphs).toEqual([{ server: 'tracker', version: 1, strategy: 'llm', edges: 2, rejectedNames: ['delete_everything'], invalidAnswers: 1, created: true }]);
    const graph = JSON.parse((await world.cli.request('graph.show', { server: 'tracker', strategy: 'llm', format: 'json' })).text) as { edges: { from: string; to: string }[] };
    expect(graph.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['create_issue>close_issue', 'create_project>create_issue']);
    const calls = llm.requestCount();
    expect(calls).toBe(3);
    expect((await world.cli.request('graph.build', { strategy: 'llm', samples: 2 })).graphs[0]).toMatchObject({ created: false, edges: 2 });
    expect(llm.requestCount()).toBe(calls);
  });

  it('merges structural candidates with model confirmations and additions in a hybrid graph', async () => {
    llm.setRules([{ match: { model: 'proposer' }, reply: answer({ chains: [['create_project', 'create_issue'], ['comment_issue', 'list_projects']] }) }]);
    const built = await world.cli.request('graph.build', { strategy: 'hybrid', samples: 1 });
    expect(built.graphs[0]).toMatchObject({ strategy: 'hybrid', created: true, invalidAnswers: 0 });
    const graph = JSON.parse((await world.cli.request('graph.show', { server: 'tracker', strategy: 'hybrid', format: 'json' })).text) as { edges: { from: string; to: string; evidence: { kind: string }[] }[] };
    const edge = (from: string, to: string) => graph.edges.find((e) => e.from === from && e.to === to);
    expect(edge('create_project', 'create_issue')?.evidence.map((e) => e.kind)).toContain('llm-confirmed');
    expect(edge('comment_issue', 'list_projects')?.evidence.map((e) => e.kind)).toEqual(['proposal']);
    expect(edge('create_issue', 'close_issue')?.evidence.map((e) => e.kind)).not.toContain('llm-confirmed');
  });

  it('votes with judges: a garbage answer is unknown and never accepted; back-translation accepts only an exact match', async () => {
    await world.cli.request('graph.build', { strategy: 'structural' });
    await world.cli.request('chains.sample', { strategy: 'structural', seed: 3, mode: 'exhaustive', perServer: 100 });
    const good = 'create_project -> create_issue -> close_issue';
    llm.setRules([
      { match: { model: 'judge', contains: `): ${good}\n` }, reply: answer({ valid: true }) },
      { match: { model: 'judge' }, reply: answer('maybe?') },
    ]);
    const voted = await world.cli.request('chains.verify', { operator: 'vote', samples: 1 });
    expect(voted).toMatchObject({ operator: 'vote', verified: voted.total, counts: { accepted: 1, rejected: 0, unknown: voted.total - 1 } });
    const unknown = await world.cli.request('chains.list', { status: 'unknown' });
    expect(unknown.chains).toHaveLength(voted.total - 1);
    expect(unknown.chains[0]?.verdicts[0]?.reasons[0]?.message).toMatch(/no majority|unparseable/);

    llm.setRules([
      { match: { model: 'judge', contains: 'Write the request' }, reply: answer({ query: 'Start a project, file a bug in it, then close it.' }) },
      { match: { model: 'judge', contains: 'file a bug' }, reply: answer({ chain: ['create_project', 'create_issue', 'close_issue'] }) },
    ]);
    const translated = await world.cli.request('chains.verify', { operator: 'backtranslation' });
    expect(translated.counts).toEqual({ accepted: 1, rejected: translated.total - 1, unknown: 0 });
    const accepted = await world.cli.request('chains.list', { status: 'accepted' });
    expect(accepted.chains.map((c) => c.tools.join(' -> '))).toEqual([good]);
  });
});
