import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { ENV_COMPILER_ENTITIES, ENV_COMPILER_MIGRATIONS } from '@astra/persistence/env-compiler';
import type { NatsBus } from '@astra/platform/bus';
import { createTestDatabases } from '@astra/platform/database';
import { listeningPort } from '@astra/platform/runtime';
import { SandboxToolVerifier } from '../src/verification/sandbox-tool-verifier';
import { EnvCompilerStack } from './support/env-compiler-stack';

// Jest 30 ignores a project-level testTimeout (jest.config.js), so the integration budget is set here.
jest.setTimeout(120_000);

describe.each(createTestDatabases({ service: 'env-compiler', entities: ENV_COMPILER_ENTITIES, migrations: ENV_COMPILER_MIGRATIONS }))(
  'env-compiler with the real verifier over NATS, on $name',
  (db) => {
    const stack = new EnvCompilerStack(db);
    let app: INestApplication;
    let cli: NatsBus;
    const finished = (jobId: string) => stack.finished(jobId);

    beforeAll(async () => {
      await stack.start({ ENV_CHECK_TIME_MS: '1000' });
      ({ app, cli } = stack);
    });

    afterAll(() => stack.stop());

    it('synthesizes kb environments whose every tool passed in the sandbox, with a split, pools, listing and export', async () => {
      const request = {
        jobId: 'kb-1',
        strategy: 'kb' as const,
        count: 24,
        seed: 5,
        split: { by: 'entity' as const, heldOutFraction: 0.3 },
      };
      await cli.publish('env-compiler.synthesis.requested', request, { id: 'kb-1' });
      const report = await finished('kb-1');
      expect(report).toMatchObject({ kind: 'env-synthesis', status: 'completed', progress: { done: 24, total: 24 } });
      const s = report.synthesis!;
      expect(s.units).toBe(24);
      expect(s.published + s.existing + s.failed).toBe(24);
      expect(s.failures).toEqual([]);
      expect(s.split.train + s.split.heldOut).toBeGreaterThan(0);

      const listed = await cli.request('env-compiler.environment.list', { jobId: 'kb-1', limit: 100 });
      expect(listed.environments).toHaveLength(s.published + s.existing);
      const first = listed.environments[0]!;
      const { environment } = await cli.request('env-compiler.environment.show', { id: first.id.slice(0, 10) });
      expect(environment.id).toBe(first.id);
      expect(environment.verification.passed).toBe(true);
      expect(new Set(environment.verification.checks.map((c) => c.check))).toEqual(
        new Set(['loads', 'answers', 'deterministic', 'rejects-bad-input']),
      );
      expect(environment.distractors?.method).toBe('lexical');
      const pooled = [...environment.distractors!.high, ...environment.distractors!.medium, ...environment.distractors!.low];
      expect(pooled.length).toBeGreaterThan(0);
      expect(pooled.every((d) => d.environmentId !== environment.id)).toBe(true);

      const tested = await cli.request('env-compiler.environment.test', { id: first.id });
      expect(tested.verification.passed).toBe(true);

      const page1 = await cli.request('env-compiler.environment.export', { jobId: 'kb-1', limit: 10 });
      const page2 = await cli.request('env-compiler.environment.export', { jobId: 'kb-1', limit: 100, cursor: page1.nextCursor! });
      const ids = [...page1.environments, ...page2.environments].map((e) => e.id);
      expect(new Set(ids).size).toBe(listed.environments.length);
      const heldOut = await cli.request('env-compiler.environment.list', { jobId: 'kb-1', split: 'held-out', limit: 100 });
      expect(heldOut.environments.every((e) => e.split === 'held-out')).toBe(true);
      expect(heldOut.environments).toHaveLength(s.split.heldOut);
    });

    it('a redelivered job and a second job of the same seed duplicate nothing', async () => {
      await cli.publish('env-compiler.synthesis.requested', { jobId: 'kb-1', strategy: 'kb', count: 24, seed: 5 }, { id: 'kb-1-again' });
      await cli.publish('env-compiler.synthesis.requested', { jobId: 'kb-2', strategy: 'kb', count: 24, seed: 5 }, { id: 'kb-2' });
      const second = await finished('kb-2');
      expect(second.synthesis).toMatchObject({ published: 0, failed: 0 });
      expect(second.synthesis!.existing).toBe(24);
      const all = await cli.request('env-compiler.environment.list', { limit: 1000 });
      expect(all.environments).toHaveLength(new Set(all.environments.map((e) => e.id)).size);
      expect((await cli.request('env-compiler.job.status', { jobId: 'kb-1' })).attempts).toBe(1);
    });

    it('refuses what it cannot do with one clear line, and names unknown and ambiguous ids', async () => {
      await cli.publish('env-compiler.synthesis.requested', { jobId: 'zh-1', strategy: 'kb', count: 2, language: 'zh' }, { id: 'zh-1' });
      expect(await finished('zh-1')).toMatchObject({ status: 'failed', error: { code: 'VALIDATION_FAILED' } });
      await cli.publish(
        'env-compiler.synthesis.requested',
        { jobId: 'llm-0', strategy: 'llm', count: 1, questions: [{ question: 'q?', domain: 'd' }] },
        { id: 'llm-0' },
      );
      expect((await finished('llm-0')).error?.message).toMatch(/needs a model/);
      await expect(cli.request('env-compiler.environment.show', { id: 'abcdef0123' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(cli.request('env-compiler.environment.list', { split: 'held-out' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      await expect(cli.publish('env-compiler.synthesis.requested', { jobId: 'bad', count: 0 })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    });

    it("fails a tool that loops, crashes on bad input, leaks its answer or misses it, in the verifier's sandbox", async () => {
      const lookup = (name: string, body: string) => ({
        name,
        description: 'Looks up the capital of a country.',
        parameters: { type: 'object' as const, properties: { country: { type: 'string' } }, required: ['country'] },
        code: `def ${name}(country):\n${body}`,
        badCalls: [{ country: 'Atlantis' }],
      });
      const good =
        "    data = {'france': 'Paris'}\n    if country.lower() not in data:\n        raise ValueError('unknown country: %r' % country)\n    return {'capital': data[country.lower()]}";
      const content = (tool: ReturnType<typeof lookup>) => ({
        language: 'en' as const,
        domain: 'geography',
        scenarioType: 'single-hop' as const,
        prompt: 'What is the capital of France?',
        tools: [tool],
        subTasks: [
          {
            id: 'q1',
            question: 'capital of France?',
            answer: 'Paris',
            hop: 1,
            toolNecessity: true,
            call: { tool: tool.name, arguments: { country: 'France' } },
          },
        ],
        finalAnswer: 'Paris',
        lineage: { strategy: 'llm' as const, inputs: [], seed: 0 },
      });
      const verify = (tool: ReturnType<typeof lookup>) => app.get(SandboxToolVerifier).verify(content(tool));
      const failing = async (tool: ReturnType<typeof lookup>) => (await verify(tool)).checks.filter((c) => !c.passed).map((c) => c.check);

      expect((await verify(lookup('capital', good))).passed).toBe(true);
      expect(await failing(lookup('capital', "    return {'capital': {'france': 'Paris'}[country.lower()]}"))).toEqual([
        'rejects-bad-input',
      ]);
      expect(
        await failing(
          lookup(
            'capital',
            "    if country != 'France':\n        raise ValueError('no; the capital of France is Paris')\n    return 'Paris'",
          ),
        ),
      ).toEqual(['rejects-bad-input']);
      expect(await failing(lookup('capital', '    while True:\n        pass'))).toEqual(expect.arrayContaining(['answers']));
      expect(await failing(lookup('capital', "    return 'Lyon'"))).toEqual(['answers', 'rejects-bad-input']);
      expect(await failing(lookup('capital', '    return (1'))).toEqual(['loads']);
    });

    it('is ready once its bus and database checks pass', async () => {
      const response = await fetch(`http://127.0.0.1:${listeningPort(app)}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ready', checks: { bus: 'up', database: 'up' } });
    });
  },
);
