import type { DistractorPools, EnvTool } from '@astra/contracts';
import { drawDistractors, offeredTool } from './draw-distractors';
import { seededShuffle } from './seeded-shuffle';

const ref = (tool: string, environmentId = `env-${tool}`) => ({ environmentId, tool, similarity: 0.5 });
const pools: DistractorPools = {
  method: 'lexical',
  high: [ref('h1'), ref('h2'), ref('h3'), ref('shared')],
  medium: [ref('m1'), ref('shared', 'other-env'), ref('m2'), ref('m2', 'second-copy'), ref('own')],
  low: [ref('l1')],
};

describe('seededShuffle', () => {
  const items = Array.from({ length: 20 }, (_, i) => i);

  it('is a permutation, the same for one seed, another for another seed, and leaves its input alone', () => {
    const a = seededShuffle(items, 7);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(seededShuffle(items, 7)).toEqual(a);
    expect(seededShuffle(items, 8)).not.toEqual(a);
    expect(items[0]).toBe(0);
  });

  it('puts every item first about equally often', () => {
    const counts = [0, 0, 0, 0];
    for (let seed = 0; seed < 4000; seed += 1) {
      const first = seededShuffle([0, 1, 2, 3], seed)[0] ?? 0;
      counts[first] = (counts[first] ?? 0) + 1;
    }
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});

describe('drawDistractors', () => {
  it('takes perBand per band, skipping taken names, names drawn already and duplicates (the first kept)', () => {
    for (let seed = 0; seed < 50; seed += 1) {
      const drawn = drawDistractors(pools, { perBand: 3, bands: ['high', 'medium', 'low'] }, seed, new Set(['own', 'h3']));
      const names = drawn.map((d) => d.tool);
      expect(new Set(names).size).toBe(names.length);
      expect(names).not.toContain('own');
      expect(names).not.toContain('h3');
      expect(drawn.filter((d) => d.band === 'high')).toHaveLength(3);
      expect(drawn.filter((d) => d.band === 'low')).toEqual([{ environmentId: 'env-l1', tool: 'l1', band: 'low' }]);
      const m2 = drawn.find((d) => d.tool === 'm2');
      if (m2 !== undefined) expect(m2.environmentId).toBe('env-m2');
    }
  });

  it('is deterministic per seed and varies across seeds', () => {
    const settings = { perBand: 1, bands: ['high', 'medium'] as const };
    const draw = (seed: number) => drawDistractors(pools, { ...settings, bands: [...settings.bands] }, seed, new Set());
    expect(draw(3)).toEqual(draw(3));
    const firsts = new Set(Array.from({ length: 30 }, (_, seed) => draw(seed)[0]?.tool));
    expect(firsts.size).toBeGreaterThan(2);
  });

  it('draws nothing without pools or with perBand 0, and only the bands asked for', () => {
    expect(drawDistractors(undefined, { perBand: 2, bands: ['high'] }, 1, new Set())).toEqual([]);
    expect(drawDistractors(pools, { perBand: 0, bands: ['high'] }, 1, new Set())).toEqual([]);
    expect(drawDistractors(pools, { perBand: 5, bands: ['low'] }, 1, new Set()).map((d) => d.band)).toEqual(['low']);
  });
});

describe('offeredTool', () => {
  it('is the OpenAI function entry, without the code', () => {
    const tool: EnvTool = {
      name: 'capital_of',
      description: 'The capital of a country.',
      parameters: { type: 'object', properties: { country: { type: 'string' } }, required: ['country'] },
      language: 'python',
      code: 'def capital_of(country): ...',
      badCalls: [],
    };
    expect(offeredTool(tool)).toEqual({
      type: 'function',
      function: { name: 'capital_of', description: 'The capital of a country.', parameters: tool.parameters },
    });
  });
});
