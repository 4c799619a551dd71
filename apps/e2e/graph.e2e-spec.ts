import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E } from './support/e2e.config';
import { deleteNamespace } from '@astra/platform/bus';
import { astra, ServiceProcess } from './support/processes';

/** Rows of a printed table: the cells of every line that starts with one of `names`. */
function rowsOf(text: string, names: readonly string[]): Record<string, string[]> {
  const rows: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const cells = line.trim().split(/\s{2,}/);
    if (cells[0] && names.includes(cells[0])) rows[cells[0]] = cells;
  }
  return rows;
}

// Project-level testTimeout in jest.config.js is not applied by Jest 30 (it is a global option), so set it here.
jest.setTimeout(240_000);

const SERVERS = ['memory', 'filesystem', 'everything'] as const;

describe('astra graph and chains, end to end: graph-miner as a process driven through the CLI', () => {
  const namespace = `e2e_${randomBytes(5).toString('hex')}`;
  const serviceDir = mkdtempSync(join(tmpdir(), 'astra-e2e-gm-'));
  const cliDir = mkdtempSync(join(tmpdir(), 'astra-e2e-cli-'));
  const cliEnv = { NATS_URL: E2E.natsUrl, ASTRA_NAMESPACE: namespace, ASTRA_DATA_DIR: cliDir };
  let service: ServiceProcess;

  beforeAll(async () => {
    service = new ServiceProcess('graph-miner', { NATS_URL: E2E.natsUrl, ASTRA_NAMESPACE: namespace, ASTRA_DATA_DIR: serviceDir, PORT: '0', OTEL_SDK_DISABLED: 'true' });
    await service.ready();
    const imported = await astra(['catalog', 'import', 'mcp:memory', 'mcp:filesystem', 'mcp:everything'], cliEnv);
    expect(imported.code).toBe(0);
  });

  afterAll(async () => {
    service?.kill();
    await deleteNamespace(E2E.natsUrl, namespace);
    rmSync(serviceDir, { recursive: true, force: true });
    rmSync(cliDir, { recursive: true, force: true });
  });

  it('builds structural graphs once and shows them as DOT and Mermaid', async () => {
    const built = await astra(['graph', 'build'], cliEnv);
    expect(built.stderr).not.toMatch(/^error/m);
    expect(built.code).toBe(0);
    const rows = rowsOf(built.stdout, SERVERS);
    for (const name of SERVERS) expect(rows[name]?.slice(0, 3)).toEqual([name, '1', 'structural']);
    for (const name of SERVERS) expect(rows[name]?.[4]).toBe('new');
    expect(built.stdout).toContain('3 graph(s), 3 new');
    expect(Number(rows['memory']?.[3])).toBeGreaterThan(0);

    const again = await astra(['graph', 'build', '--server', 'memory', '--job-id', 'e2e-rebuild'], cliEnv);
    expect(rowsOf(again.stdout, ['memory'])['memory']).toEqual([...(rows['memory'] ?? []).slice(0, 4), 'unchanged', '0', '-']);
    const status = await astra(['graph', 'status', 'e2e-rebuild', '--json'], cliEnv);
    expect(JSON.parse(status.stdout)).toMatchObject({ jobId: 'e2e-rebuild', kind: 'graph-build', status: 'completed', progress: { done: 1, total: 1 } });
    const refused = await astra(['graph', 'build', '--strategy', 'llm'], cliEnv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: VALIDATION_FAILED: the llm strategy needs a model');

    const dot = await astra(['graph', 'show', 'memory', '--format', 'dot'], cliEnv);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toMatch(/^digraph /);
    expect(dot.stdout).toMatch(/"create_entities" -> "[a-z_]+" \[label="\d\.\d\d"\];/);
    const mermaid = await astra(['graph', 'show', 'filesystem', '--format', 'mermaid'], cliEnv);
    expect(mermaid.stdout).toMatch(/^flowchart LR\n/);
    expect(mermaid.stdout).toContain('["read_text_file"]');

    const missing = await astra(['graph', 'show', 'no-such-server'], cliEnv);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error: NOT_FOUND: no graph of server "no-such-server"');
  });

  it('samples chains replayably, verifies them by provenance and lists them', async () => {
    const sampled = await astra(['chains', 'sample', '--seed', '42', '--per-server', '20', '--min', '2', '--max', '4'], cliEnv);
    expect(sampled.code).toBe(0);
    const total = /(\d+) chain\(s\) sampled, (\d+) new/.exec(sampled.stdout);
    expect(Number(total?.[1])).toBeGreaterThan(0);
    expect(total?.[2]).toBe(total?.[1]);
    const replay = await astra(['chains', 'sample', '--seed', '42', '--per-server', '20', '--min', '2', '--max', '4'], cliEnv);
    expect(replay.stdout).toContain(`${total?.[1]} chain(s) sampled, 0 new`);

    const verified = await astra(['chains', 'verify'], cliEnv);
    expect(verified.code).toBe(0);
    const counts = /provenance: (\d+) chain\(s\) verified now; of (\d+): (\d+) accepted, (\d+) rejected, 0 unknown/.exec(verified.stdout);
    expect(counts?.[1]).toBe(total?.[1]);
    expect(counts?.[2]).toBe(total?.[1]);

    const listed = await astra(['chains', 'ls', '--server', 'memory'], cliEnv);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^memory\s+provenance:(accepted|rejected)\s+\S+ -> \S+/m);
    const accepted = await astra(['chains', 'ls', '--status', 'accepted', '--json'], cliEnv);
    const chains = (JSON.parse(accepted.stdout) as { chains: { tools: string[]; verdicts: { status: string }[] }[] }).chains;
    expect(chains).toHaveLength(Number(counts?.[3]));
    expect(chains.every((c) => c.tools.length >= 2 && c.tools.length <= 4)).toBe(true);
    expect(chains.every((c) => c.verdicts.some((v) => v.status === 'accepted'))).toBe(true);

    const refused = await astra(['chains', 'verify', '--operator', 'vote'], cliEnv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: VALIDATION_FAILED: the vote operator needs a model');
  });
});
