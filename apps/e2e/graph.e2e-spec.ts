import { GraphMinerHarness, rowsOf } from './support/graph-miner-harness';

// Project-level testTimeout in jest.config.js is not applied by Jest 30 (it is a global option), so set it here.
jest.setTimeout(240_000);

const SERVERS = ['memory', 'filesystem', 'everything'] as const;

describe('astra graph and chains, end to end: graph-miner as a process driven through the CLI', () => {
  const gm = new GraphMinerHarness();

  beforeAll(async () => {
    await gm.start();
    const imported = await gm.cli(['catalog', 'import', 'mcp:memory', 'mcp:filesystem', 'mcp:everything']);
    expect(imported.code).toBe(0);
  });

  afterAll(() => gm.dispose());

  it('builds structural graphs once and shows them as DOT and Mermaid', async () => {
    const built = await gm.cli(['graph', 'build']);
    expect(built.stderr).not.toMatch(/^error/m);
    expect(built.code).toBe(0);
    const rows = rowsOf(built.stdout, SERVERS);
    for (const name of SERVERS) expect(rows[name]?.slice(0, 3)).toEqual([name, '1', 'structural']);
    for (const name of SERVERS) expect(rows[name]?.[4]).toBe('new');
    expect(built.stdout).toContain('3 graph(s), 3 new');
    expect(Number(rows['memory']?.[3])).toBeGreaterThan(0);

    const again = await gm.cli(['graph', 'build', '--server', 'memory', '--job-id', 'e2e-rebuild']);
    expect(rowsOf(again.stdout, ['memory'])['memory']).toEqual([...(rows['memory'] ?? []).slice(0, 4), 'unchanged', '0', '-']);
    const status = await gm.cli(['graph', 'status', 'e2e-rebuild', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({
      jobId: 'e2e-rebuild',
      kind: 'graph-build',
      status: 'completed',
      progress: { done: 1, total: 1 },
    });
    const refused = await gm.cli(['graph', 'build', '--strategy', 'llm']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: VALIDATION_FAILED: the llm strategy needs a model');

    const dot = await gm.cli(['graph', 'show', 'memory', '--format', 'dot']);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toMatch(/^digraph /);
    expect(dot.stdout).toMatch(/"create_entities" -> "[a-z_]+" \[label="\d\.\d\d [a-z]+"\];/);
    const mermaid = await gm.cli(['graph', 'show', 'filesystem', '--format', 'mermaid']);
    expect(mermaid.stdout).toMatch(/^flowchart LR\n/);
    expect(mermaid.stdout).toContain('["read_text_file"]');

    const missing = await gm.cli(['graph', 'show', 'no-such-server']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error: NOT_FOUND: no graph of server "no-such-server"');
  });

  it('samples chains replayably, verifies them by provenance and lists them', async () => {
    const sampled = await gm.cli(['chains', 'sample', '--seed', '42', '--per-server', '20', '--min', '2', '--max', '4']);
    expect(sampled.code).toBe(0);
    const total = /(\d+) chain\(s\) sampled, (\d+) new/.exec(sampled.stdout);
    expect(Number(total?.[1])).toBeGreaterThan(0);
    expect(total?.[2]).toBe(total?.[1]);
    const replay = await gm.cli(['chains', 'sample', '--seed', '42', '--per-server', '20', '--min', '2', '--max', '4']);
    expect(replay.stdout).toContain(`${total?.[1]} chain(s) sampled, 0 new`);

    const verified = await gm.cli(['chains', 'verify']);
    expect(verified.code).toBe(0);
    const counts = /provenance: (\d+) chain\(s\) verified now; of (\d+): (\d+) accepted, (\d+) rejected, 0 unknown/.exec(verified.stdout);
    expect(counts?.[1]).toBe(total?.[1]);
    expect(counts?.[2]).toBe(total?.[1]);

    const listed = await gm.cli(['chains', 'ls', '--server', 'memory']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^memory\s+provenance:(accepted|rejected)\s+\S+ -> \S+/m);
    const accepted = await gm.cli(['chains', 'ls', '--status', 'accepted', '--json']);
    const chains = (JSON.parse(accepted.stdout) as { chains: { tools: string[]; verdicts: { status: string }[] }[] }).chains;
    expect(chains).toHaveLength(Number(counts?.[3]));
    expect(chains.every((c) => c.tools.length >= 2 && c.tools.length <= 4)).toBe(true);
    expect(chains.every((c) => c.verdicts.some((v) => v.status === 'accepted'))).toBe(true);

    const refused = await gm.cli(['chains', 'verify', '--operator', 'vote']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: VALIDATION_FAILED: the vote operator needs a model');
  });
});
