import type { BuiltGraph } from '@astra/contracts';
import { renderBuiltGraphs, renderJobReport } from './graph.command';

const graph = (over: Partial<BuiltGraph>): BuiltGraph => ({
  server: 'memory',
  version: 1,
  strategy: 'llm',
  edges: 3,
  rejectedNames: [],
  invalidAnswers: 0,
  created: true,
  stored: true,
  ...over,
});

describe('graph build output', () => {
  it('says per server whether the graph is new, unchanged or not stored, and counts them', () => {
    const text = renderBuiltGraphs([
      graph({}),
      graph({ server: 'files', created: false, rejectedNames: ['ghost', 'nuke'] }),
      graph({ server: 'everything', edges: 0, invalidAnswers: 3, created: false, stored: false }),
    ]);
    const rows = text.split('\n').map((line) => line.trim().split(/\s{2,}/));
    expect(rows.find((r) => r[0] === 'memory')).toEqual(['memory', '1', 'llm', '3', 'new', '0', '-']);
    expect(rows.find((r) => r[0] === 'files')).toEqual(['files', '1', 'llm', '3', 'unchanged', '0', 'ghost,nuke']);
    expect(rows.find((r) => r[0] === 'everything')).toEqual(['everything', '1', 'llm', '0', 'not stored', '3', '-']);
    expect(text).toContain('3 graph(s), 1 new, 1 not stored (no usable model answer; building again asks again)');
  });

  it('reports a failed job with its error, and a verification with its counts', () => {
    expect(
      renderJobReport({
        jobId: 'j1',
        kind: 'graph-build',
        status: 'failed',
        progress: { done: 0, total: 2 },
        error: { code: 'NOT_FOUND', message: 'no server "x"' },
      } as never),
    ).toBe('job j1 (graph-build): failed, 0/2: NOT_FOUND: no server "x"');
    const verification = { operator: 'vote' as const, verified: 4, total: 5, counts: { accepted: 3, rejected: 1, unknown: 1 } };
    expect(
      renderJobReport({ jobId: 'j2', kind: 'chains-verify', status: 'completed', progress: { done: 4, total: 4 }, verification } as never),
    ).toBe('vote: 4 chain(s) verified now; of 5: 3 accepted, 1 rejected, 1 unknown');
  });
});
