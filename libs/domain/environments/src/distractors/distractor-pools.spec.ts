import type { DistractorPools } from '@astra/contracts';
import { computeDistractorPools, type DistractorSource } from './distractor-pools';

/** A unit vector whose cosine with [1, 0] is `cos`. */
const at = (cos: number): number[] => [cos, Math.sqrt(1 - cos * cos)];
const env = (id: string, domain: string, tools: [string, ArrayLike<number>][]): DistractorSource => ({
  id,
  domain,
  tools: tools.map(([name, vector]) => ({ name, vector })),
});
const names = (pools: DistractorPools | undefined, band: 'high' | 'medium' | 'low'): string[] =>
  (pools?.[band] ?? []).map((r) => `${r.environmentId}/${r.tool}`);

describe('computeDistractorPools', () => {
  const world = [
    env('a', 'Finance', [['get_rate', [1, 0]]]),
    env('b', 'Travel', [
      ['same_direction', [2, 0]], // cosine 1, and length does not matter
      ['cos_0_6', at(0.6)],
      ['orthogonal', [0, 1]],
    ]),
    env('c', 'Chemistry', [
      ['cos_minus_0_5', at(-0.5)],
      ['opposite', [-1, 0]],
    ]),
  ];

  it('normalises min-max over the candidates and bands them high > 0.85, medium 0.4..0.85, low < 0.4', () => {
    const pools = computeDistractorPools(world, { method: 'embeddings', perBand: 5 }).get('a');
    // cosines 1, 0.6, 0, -0.5, -1 normalise to 1, 0.8, 0.5, 0.25, 0
    expect(pools?.method).toBe('embeddings');
    expect(names(pools, 'high')).toEqual(['b/same_direction']);
    expect(names(pools, 'medium')).toEqual(['b/cos_0_6', 'b/orthogonal']);
    expect(names(pools, 'low')).toEqual(['c/cos_minus_0_5', 'c/opposite']);
    expect(pools?.high[0]?.similarity).toBeCloseTo(1, 6);
    expect(pools?.medium.map((r) => r.similarity)).toEqual([expect.closeTo(0.8, 5), expect.closeTo(0.5, 5)]);
    expect(pools?.low.map((r) => r.similarity)).toEqual([expect.closeTo(0.25, 5), expect.closeTo(0, 6)]);
  });

  it('excludes same-domain environments (case and spaces ignored) and tools named like its own', () => {
    const pools = computeDistractorPools(
      [
        ...world,
        env('d', ' finance', [['twin', [1, 0]]]),
        env('e', 'Law', [
          ['get_rate', [1, 0]],
          ['lawful', at(0.2)],
        ]),
      ],
      { method: 'lexical', perBand: 5 },
    ).get('a');
    const all = [...names(pools, 'high'), ...names(pools, 'medium'), ...names(pools, 'low')];
    expect(all).not.toContain('d/twin');
    expect(all).not.toContain('e/get_rate');
    expect(all).toContain('e/lawful');
    expect(pools?.method).toBe('lexical');
  });

  it('scores a candidate by its best match among the environment’s own tools', () => {
    const pools = computeDistractorPools(
      [
        env('a', 'x', [
          ['one', [1, 0, 0]],
          ['two', [0, 1, 0]],
        ]),
        env('b', 'y', [
          ['near_two', [0, 1, 0]],
          ['far', [0, 0, 1]],
        ]),
      ],
      { method: 'embeddings', perBand: 3 },
    ).get('a');
    expect(names(pools, 'high')).toEqual(['b/near_two']);
    expect(names(pools, 'low')).toEqual(['b/far']);
  });

  it('keeps at most perBand per band, most similar first, ties broken by environment id then tool name', () => {
    const sources = [
      env('a', 'x', [['own', [1, 0]]]),
      env('c', 'y', [
        ['t2', [1, 0]],
        ['t1', [1, 0]],
      ]),
      env('b', 'z', [
        ['t3', [1, 0]],
        ['t0', [0.99, 0.141]],
      ]),
      env('d', 'w', [['floor', [-1, 0]]]),
    ];
    const pools = computeDistractorPools(sources, { method: 'embeddings', perBand: 2 }).get('a');
    expect(names(pools, 'high')).toEqual(['b/t3', 'c/t1']);
  });

  it('offers one tool per name: the most similar one stands for the name', () => {
    const sources = [
      env('a', 'x', [['own', [1, 0]]]),
      env('b', 'y', [['shared', at(0.1)]]),
      env('c', 'z', [
        ['shared', at(0.9)],
        ['floor', [-1, 0]],
      ]),
    ];
    const pools = computeDistractorPools(sources, { method: 'embeddings', perBand: 4 }).get('a');
    expect(names(pools, 'high')).toEqual(['c/shared']);
    expect([...names(pools, 'medium'), ...names(pools, 'low')]).toEqual(['c/floor']);
  });

  it('spreads the low band evenly over its range', () => {
    const low = [0, 0.05, 0.1, 0.3, 0.35].map((s, i) => [`low_${i}`, at(2 * s - 1)] as [string, number[]]);
    const sources = [env('a', 'x', [['own', [1, 0]]]), env('b', 'y', [['top', [1, 0]], ...low])];
    // cosines -1..1 normalise to s; two bins [0, 0.2) and [0.2, 0.4) with centres 0.1 and 0.3
    const pools = computeDistractorPools(sources, { method: 'embeddings', perBand: 2 }).get('a');
    expect(names(pools, 'low')).toEqual(['b/low_3', 'b/low_2']);
  });

  it('gives the same pools whatever the input order', () => {
    const shuffled = [world[2], world[0], world[1]].map((e) => e && { ...e, tools: [...e.tools].reverse() }) as DistractorSource[];
    const first = computeDistractorPools(world, { method: 'embeddings', perBand: 1 });
    const second = computeDistractorPools(shuffled, { method: 'embeddings', perBand: 1 });
    expect([...second.entries()]).toEqual([...first.entries()]);
  });

  it('computes only the environments asked for, against candidates from all of them', () => {
    const all = computeDistractorPools(world, { method: 'embeddings', perBand: 5 });
    const some = computeDistractorPools(world, { method: 'embeddings', perBand: 5, only: ['a'] });
    expect([...some.keys()]).toEqual(['a']);
    expect(some.get('a')).toEqual(all.get('a'));
  });

  it('gives empty pools to an environment with no candidates from another domain', () => {
    const pools = computeDistractorPools([env('a', 'x', [['one', [1, 0]]]), env('b', 'X', [['two', [0, 1]]])], {
      method: 'embeddings',
      perBand: 3,
    });
    expect(pools.get('a')).toEqual({ method: 'embeddings', high: [], medium: [], low: [] });
    expect(pools.get('b')).toEqual({ method: 'embeddings', high: [], medium: [], low: [] });
  });

  it('puts every candidate in the low band when all are equally similar', () => {
    const pools = computeDistractorPools(
      [
        env('a', 'x', [['one', [1, 0]]]),
        env('b', 'y', [
          ['two', [0, 1]],
          ['three', [0, 2]],
        ]),
      ],
      {
        method: 'embeddings',
        perBand: 3,
      },
    ).get('a');
    expect(names(pools, 'low')).toEqual(['b/three', 'b/two']);
    expect(pools?.high).toEqual([]);
  });

  it('refuses duplicate environment ids, vectors of different lengths and a bad perBand', () => {
    const opts = { method: 'embeddings' as const, perBand: 1 };
    expect(() => computeDistractorPools([env('a', 'x', [['t', [1]]]), env('a', 'y', [['u', [1]]])], opts)).toThrow(/listed twice/);
    expect(() => computeDistractorPools([env('a', 'x', [['t', [1, 0]]]), env('b', 'y', [['u', [1]]])], opts)).toThrow(/dimensions/);
    expect(() => computeDistractorPools([env('a', 'x', [['t', [NaN, 0]]])], opts)).toThrow(/non-finite/);
    expect(() => computeDistractorPools([], { method: 'embeddings', perBand: -1 })).toThrow(/perBand/);
  });
});
