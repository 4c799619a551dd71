import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvCompilerJobReport } from '@astra/contracts';
import { NatsBus } from '@astra/platform/bus';
import { waitFor } from '@astra/testing';
import { E2E } from './support/e2e.config';
import { ServiceProcess } from './support/processes';
import { ServiceHarness } from './support/service-harness';

jest.setTimeout(300_000);

// Enough units that the kill lands with some stored and some not.
const UNITS = 150;
// A crashed instance's job is redelivered once the ack wait passes without a heartbeat.
const ACK_WAIT = { BUS_ACK_WAIT_MS: '2000' };

describe('env-compiler and the verifier as processes, driven by `astra env`', () => {
  const env = new ServiceHarness('env-compiler');
  const dir = mkdtempSync(join(tmpdir(), 'astra-e2e-env-'));
  const client = new NatsBus({ service: 'cli', servers: E2E.natsUrl, namespace: env.namespace });
  let verifier: ServiceProcess;
  const status = (): Promise<EnvCompilerJobReport> => client.request('env-compiler.job.status', { jobId: 'crash' });

  beforeAll(async () => {
    verifier = new ServiceProcess('verifier', {
      NATS_URL: E2E.natsUrl,
      ASTRA_NAMESPACE: env.namespace,
      PORT: '0',
      OTEL_SDK_DISABLED: 'true',
    });
    await Promise.all([verifier.ready(), env.start(ACK_WAIT)]);
    await client.connect();
  });

  afterAll(async () => {
    await client.close();
    verifier?.kill();
    await env.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('killed mid-synthesis, resumes on the next instance and stores every environment exactly once', async () => {
    const following = env.cli([
      'env',
      'synthesize',
      '--strategy',
      'kb',
      '--count',
      String(UNITS),
      '--seed',
      '3',
      '--job-id',
      'crash',
      '--timeout',
      '250',
    ]);
    const midway = await waitFor(
      async () => {
        const report = await status().catch(() => undefined);
        return report && report.progress.done >= 20 ? report : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 5, what: 'the job to finish 20 units' },
    );
    env.service.kill();
    expect(midway.progress.done).toBeLessThan(UNITS);

    await env.start(ACK_WAIT);
    const done = await waitFor(
      async () => {
        const report = await status().catch(() => undefined);
        return report?.status === 'completed' ? report : undefined;
      },
      { timeoutMs: 200_000, intervalMs: 100, what: 'the job to complete on the new instance' },
    );
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    const s = done.synthesis!;
    expect(s.units).toBe(UNITS);
    expect(s.published + s.existing + s.failed).toBe(UNITS);
    expect(s.failed).toBe(0);
    const cli = await following;
    expect(cli.stderr).not.toMatch(/^error/m);

    const listed = await env.cli(['env', 'ls', '--job', 'crash', '--limit', '1000', '--json']);
    const ids = (JSON.parse(listed.stdout) as { id: string }[]).map((e) => e.id);
    expect(ids).toHaveLength(s.published + s.existing);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows, re-tests and exports environments in our record and in the ASTRA layout', async () => {
    const listed = JSON.parse((await env.cli(['env', 'ls', '--limit', '1', '--json'])).stdout) as { id: string }[];
    const id = listed[0]!.id;
    const shown = await env.cli(['env', 'show', id.slice(0, 8)]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^question: /m);
    expect(shown.stdout).toMatch(/all checks pass/);
    const tested = await env.cli(['env', 'test', id]);
    expect(tested.code).toBe(0);

    const ours = join(dir, 'envs.jsonl');
    const astra = join(dir, 'astra.jsonl');
    expect((await env.cli(['env', 'export', '--job', 'crash', '--out', ours])).code).toBe(0);
    expect((await env.cli(['env', 'export', '--job', 'crash', '--format', 'astra', '--out', astra])).code).toBe(0);
    const records = readFileSync(ours, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; tools: unknown[] });
    const rows = readFileSync(astra, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toHaveLength(records.length);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['prompt', 'tool_schema', 'tool_dict', 'sub_qa_dict']));
    expect(JSON.parse(rows[0]!['tool_schema'] as string)).toHaveLength(records[0]!.tools.length);

    const missing = await env.cli(['env', 'show', 'ffffffffff']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no environment ffffffffff/);
  });
});
