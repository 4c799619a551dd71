import { EnvironmentContentSchema, type EnvironmentContent } from '@astra/contracts';
import { containsAnswer } from '../answer/normalise-answer';
import { generateKbEnvironment, type KbGenerateOptions } from './generate-kb-environment';
import { KB_TEST_FIXTURE as KB } from './kb-test.fixture';

function generate(options: Partial<KbGenerateOptions> & { index: number }): EnvironmentContent {
  const result = generateKbEnvironment(KB, { seed: 11, hops: { min: 1, max: 5 }, ...options });
  if (!result.ok) throw new Error(`unit ${options.index}: ${result.reason}`);
  return EnvironmentContentSchema.parse(result.content);
}

function many(count: number, options: Partial<KbGenerateOptions> = {}): EnvironmentContent[] {
  return Array.from({ length: count }, (_, index) => generate({ ...options, index }));
}

const maxHop = (env: EnvironmentContent): number => Math.max(...env.subTasks.map((t) => t.hop));
const roots = (env: EnvironmentContent): number => env.subTasks.filter((t) => t.dependsOn.length === 0).length;

describe('generateKbEnvironment', () => {
  const envs = many(300);

  it('makes all four scenario types, each with the shape its name promises', () => {
    const byType = new Map<string, EnvironmentContent[]>();
    for (const env of envs) byType.set(env.scenarioType, [...(byType.get(env.scenarioType) ?? []), env]);
    expect([...byType.keys()].sort()).toEqual(['multi-hop', 'parallel-multi-hop', 'parallel-single-hop', 'single-hop']);
    for (const env of byType.get('single-hop') ?? []) expect(env.subTasks).toHaveLength(1);
    for (const env of byType.get('parallel-single-hop') ?? []) {
      expect(env.subTasks.length).toBeGreaterThanOrEqual(2);
      expect(env.subTasks.every((t) => t.hop === 1 && t.dependsOn.length === 0)).toBe(true);
    }
    for (const env of byType.get('multi-hop') ?? []) {
      expect(roots(env)).toBe(1);
      expect(maxHop(env)).toBeGreaterThanOrEqual(2);
    }
    for (const env of byType.get('parallel-multi-hop') ?? []) {
      expect(roots(env)).toBeGreaterThanOrEqual(2);
      expect(maxHop(env)).toBeGreaterThanOrEqual(2);
    }
  });

  it('keeps every environment within the hop range asked for', () => {
    for (const hops of [
      { min: 1, max: 1 },
      { min: 2, max: 2 },
      { min: 3, max: 3 },
      { min: 4, max: 5 },
      { min: 2, max: 4 },
    ]) {
      const seen = many(60, { hops }).map(maxHop);
      expect(Math.min(...seen)).toBeGreaterThanOrEqual(hops.min);
      expect(Math.max(...seen)).toBeLessThanOrEqual(hops.max);
    }
    expect(new Set(many(40, { hops: { min: 1, max: 1 } }).map((e) => e.scenarioType))).toEqual(
      new Set(['single-hop', 'parallel-single-hop']),
    );
  });

  it('gives a reason instead of an environment when the range or areas cannot be met', () => {
    expect(generateKbEnvironment(KB, { seed: 1, index: 0, hops: { min: 6, max: 8 } })).toEqual({
      ok: false,
      reason: expect.stringMatching(/6 to 8 hops/),
    });
    const chemistry = generateKbEnvironment(KB, { seed: 1, index: 0, hops: { min: 6, max: 6 }, domains: ['chemistry'] });
    expect(chemistry.ok).toBe(false);
    expect(many(20, { domains: ['chemistry'] }).every((e) => e.domain === 'chemistry')).toBe(true);
  });

  it('reaches four and five hops in geography and chemistry, not only through airports', () => {
    for (const domain of ['geography', 'chemistry'] as const) {
      const deep = many(20, { domains: [domain], hops: { min: 4, max: 5 } });
      expect(deep.every((e) => e.domain === domain && maxHop(e) >= 4)).toBe(true);
      expect(new Set(deep.map((e) => (e.lineage.template ?? '').replace(/:f\d+$/, ''))).size).toBeGreaterThanOrEqual(4);
    }
  });

  it('never asks how many countries share a currency or a language when the answer is one', () => {
    const counts = many(300, { domains: ['geography'] }).flatMap((e) =>
      e.subTasks.filter(
        (t) => ['find_countries_by_currency', 'find_countries_by_language'].includes(t.call?.tool ?? '') && /how many/i.test(t.question),
      ),
    );
    expect(counts.length).toBeGreaterThan(0);
    for (const task of counts) expect(Number(task.answer)).toBeGreaterThanOrEqual(2);
  });

  it('is deterministic in (seed, index) and varies across indexes and seeds', () => {
    expect(many(30)).toEqual(envs.slice(0, 30));
    expect(new Set(envs.map((e) => e.prompt)).size).toBeGreaterThan(envs.length * 0.9);
    const otherSeed = many(30, { seed: 12 });
    expect(otherSeed.filter((e, i) => e.prompt === envs[i]?.prompt).length).toBeLessThan(5);
  });

  it('builds a dependency DAG whose calls use earlier answers and whose tool-free steps are leaves', () => {
    for (const env of envs) {
      const seen = new Map<string, number>();
      const tools = new Set(env.tools.map((t) => t.name));
      for (const task of env.subTasks) {
        const depHops = task.dependsOn.map((id) => seen.get(id));
        expect(depHops.every((h) => h !== undefined)).toBe(true);
        expect(task.hop).toBe(1 + Math.max(0, ...depHops.map((h) => h ?? 0)));
        seen.set(task.id, task.hop);
        if (!task.toolNecessity) {
          expect(task.call).toBeUndefined();
          expect(env.subTasks.some((t) => t.dependsOn.includes(task.id))).toBe(false);
          continue;
        }
        expect(tools.has(task.call?.tool ?? '')).toBe(true);
        const earlier = env.subTasks.filter((t) => task.dependsOn.includes(t.id)).map((t) => t.answer);
        const args = Object.values(task.call?.arguments ?? {}).map(String);
        for (const answer of earlier) expect(args).toContain(answer);
      }
      const leaves = env.subTasks.filter((t) => !env.subTasks.some((other) => other.dependsOn.includes(t.id)));
      expect(env.finalAnswer).toBe(leaves.map((t) => t.answer).join('; '));
    }
  });

  it('never names an entity or an answer in a tool description or parameter schema', () => {
    for (const env of envs) {
      const words = [...env.subTasks.map((t) => t.answer), ...env.lineage.entities.map((e) => e.slice(e.indexOf(':') + 1))];
      for (const tool of env.tools) {
        const text = `${tool.description} ${JSON.stringify(tool.parameters)}`;
        for (const word of words)
          expect({ tool: tool.name, word, leaked: containsAnswer(text, word) }).toEqual({ tool: tool.name, word, leaked: false });
      }
    }
  });

  it('gives every tool bad calls (missing argument, unknown entity, wrong type) and distractor rows', () => {
    for (const env of envs) {
      for (const tool of env.tools) {
        const required = (tool.parameters.required ?? []) as string[];
        expect(tool.badCalls).toHaveLength(3);
        const [missing, unknown, wrongType] = tool.badCalls;
        expect(required.some((name) => !(name in (missing ?? {})))).toBe(true);
        expect(Object.keys(unknown ?? {}).sort()).toEqual([...required].sort());
        expect(
          Object.values(wrongType ?? {}).some(
            (v, i) => typeof v !== (tool.parameters.properties[required[i] ?? '']?.['type'] === 'integer' ? 'number' : 'string'),
          ),
        ).toBe(true);
        const rows = JSON.parse(/_ROWS = (.*)\n/.exec(tool.code)?.[1] ?? '[]') as unknown[];
        const calls = new Set(env.subTasks.filter((t) => t.call?.tool === tool.name).map((t) => JSON.stringify(t.call?.arguments)));
        expect(rows.length).toBeGreaterThan(calls.size);
      }
    }
  });

  it('records lineage: strategy, template, entities and a content hash per data slice', () => {
    for (const env of envs) {
      expect(env.lineage.strategy).toBe('kb');
      expect(env.lineage.template).toMatch(new RegExp(`^${env.scenarioType}:`));
      expect(env.lineage.entities.length).toBeGreaterThan(0);
      expect(env.lineage.inputs).toHaveLength(env.tools.length);
      for (const hash of env.lineage.inputs) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(envs.map((e) => e.lineage.template)).size).toBeGreaterThanOrEqual(20);
  });
});
