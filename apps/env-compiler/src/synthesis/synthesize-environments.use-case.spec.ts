import { BusError, type EnvironmentContentInput, type EnvVerification } from '@astra/contracts';
import {
  EnvCompilerJobRepository,
  ENV_COMPILER_ENTITIES,
  ENV_COMPILER_MIGRATIONS,
  EnvironmentRepository,
} from '@astra/persistence/env-compiler';
import { createTestDatabase } from '@astra/platform/database';
import { InMemoryJobTable, JobRunner, WorkCancellation } from '@astra/platform/jobs';
import type { DataSource } from 'typeorm';
import { DistractorPoolBuilder } from '../distractors/distractor-pool.builder';
import { loadEnvCompilerConfig } from '../env-compiler.config';
import { EnvCompilerJobs } from '../jobs/env-compiler-jobs';
import type { SandboxToolVerifier } from '../verification/sandbox-tool-verifier';
import { EnvLlm } from './env-llm';
import { EnvironmentStrategies } from './environment-strategies';
import type { DraftOutcome, EnvironmentStrategy, SynthesisUnit } from './environment-strategy';
import { SynthesizeEnvironmentsUseCase } from './synthesize-environments.use-case';

const content = (n: number, domain = n % 2 === 0 ? 'even' : 'odd'): EnvironmentContentInput => ({
  language: 'en',
  domain,
  scenarioType: 'single-hop',
  prompt: `What is item ${n}?`,
  tools: [
    {
      name: `item_${n}`,
      description: `Looks up item number ${n}.`,
      parameters: { type: 'object', properties: { n: { type: 'integer', description: 'item number' } } },
      code: `def item_${n}(n=None):\n    return ${n}`,
    },
  ],
  subTasks: [
    { id: 's1', question: `item ${n}?`, answer: String(n), hop: 1, toolNecessity: true, call: { tool: `item_${n}`, arguments: { n } } },
  ],
  finalAnswer: String(n),
  lineage: { strategy: 'kb', inputs: [], seed: n, template: 't', entities: [`item:${n}`] },
});

/** A strategy whose unit i makes content(i), except where `outcomes` says otherwise. */
function strategy(outcomes: Record<number, () => DraftOutcome> = {}): EnvironmentStrategy {
  return {
    name: 'kb',
    plan: async (request) => request.count,
    draft: async (unit: SynthesisUnit) => outcomes[unit.index]?.() ?? { ok: true, content: content(unit.index) },
  };
}

const passed = (): EnvVerification => ({
  passed: true,
  checks: [{ tool: 't', check: 'answers', passed: true }],
  checkedAt: '2026-01-01T00:00:00Z',
});

describe('SynthesizeEnvironmentsUseCase', () => {
  const db = createTestDatabase('sqlite', {
    service: 'env-compiler',
    entities: ENV_COMPILER_ENTITIES,
    migrations: ENV_COMPILER_MIGRATIONS,
  });
  let dataSource: DataSource;
  const table = new InMemoryJobTable();
  beforeAll(async () => (dataSource = await db.open()));
  afterAll(() => db.cleanup());

  function useCase(kb: EnvironmentStrategy, verify: (c: EnvironmentContentInput) => Promise<EnvVerification>) {
    const config = loadEnvCompilerConfig({ ASTRA_INSECURE_LOCAL_BUS: 'true', ENV_UNIT_CONCURRENCY: '2' });
    const environments = new EnvironmentRepository(dataSource);
    const llm = new EnvLlm(null);
    const jobs = new EnvCompilerJobs(new JobRunner(new WorkCancellation()), table as unknown as EnvCompilerJobRepository);
    const verifier = { verify } as unknown as SandboxToolVerifier;
    return {
      environments,
      run: new SynthesizeEnvironmentsUseCase(
        jobs,
        environments,
        new EnvironmentStrategies([kb], llm),
        verifier,
        new DistractorPoolBuilder(environments, llm, config),
        config,
      ),
    };
  }

  it('records a refused unit, an invalid draft and a failing check as failures, and publishes the rest', async () => {
    const kb = strategy({
      1: () => ({ ok: false, reason: 'no walk fits' }),
      2: () => {
        throw new BusError('VALIDATION_FAILED', 'bad input for this unit');
      },
      3: () => ({ ok: true, content: { ...content(3), subTasks: [] } }),
    });
    const { run } = useCase(kb, async (c) =>
      c.prompt.includes('item 4')
        ? { passed: false, checks: [{ tool: 'item_4', check: 'answers', passed: false, detail: 'expected 4' }], checkedAt: 'x' }
        : passed(),
    );
    const report = await run.execute(
      { jobId: 'mixed', strategy: 'kb', count: 6, hops: { min: 1, max: 1 }, seed: 1, language: 'en', distractors: true },
      { deliveryCount: 1, lastDelivery: false },
    );
    expect(report.synthesis).toMatchObject({ units: 6, published: 2, failed: 4 });
    const reasons = report.synthesis!.failures.map((f) => [f.unit, f.reason]);
    expect(reasons).toEqual([
      [1, 'no walk fits'],
      [2, 'VALIDATION_FAILED: bad input for this unit'],
      [3, expect.stringMatching(/^the kb strategy made an invalid environment: subTasks/)],
      [4, expect.stringMatching(/^tool checks failed, not published: item_4 answers: expected 4/)],
    ]);
  });

  it('a sandbox fault stops the job for a retry instead of failing units; the next delivery finishes it', async () => {
    let down = true;
    const { run, environments } = useCase(strategy(), async () => {
      if (down) throw new BusError('UNAVAILABLE', 'verifier unreachable');
      return passed();
    });
    const request = {
      jobId: 'outage',
      strategy: 'kb' as const,
      count: 4,
      hops: { min: 1, max: 1 },
      seed: 1,
      language: 'en' as const,
      distractors: true,
    };
    await expect(run.execute(request, { deliveryCount: 1, lastDelivery: false })).rejects.toMatchObject({ retryable: true });
    expect(await environments.units('outage')).toEqual([]);
    down = false;
    const report = await run.execute(request, { deliveryCount: 2, lastDelivery: false });
    expect(report).toMatchObject({ status: 'completed', attempts: 2, synthesis: { units: 4, failed: 0 } });
    const stored = await environments.ofJob('outage');
    expect(stored.every((e) => e.distractors !== null)).toBe(true);
  });
});
