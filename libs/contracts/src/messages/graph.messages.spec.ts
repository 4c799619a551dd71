import { GRAPH_MESSAGES } from './graph.messages';

describe('chains.sample payload', () => {
  const payload = GRAPH_MESSAGES['chains.sample'].payload;

  it('fills the defaults: 2 to 5 tools, 50 per server, seed 1, acyclic walks', () => {
    expect(payload.parse({})).toEqual({ minLength: 2, maxLength: 5, perServer: 50, seed: 1, mode: 'walk', allowCycles: false });
  });

  it('refuses bounds that cross and cycles in exhaustive mode, naming the problem', () => {
    expect(payload.safeParse({ minLength: 4, maxLength: 3 }).error?.issues[0]?.message).toBe('minLength must not exceed maxLength');
    expect(payload.safeParse({ mode: 'exhaustive', allowCycles: true }).error?.issues[0]?.message).toMatch(
      /exhaustive mode lists simple paths only/,
    );
    expect(payload.safeParse({ mode: 'walk', allowCycles: true }).success).toBe(true);
  });
});
