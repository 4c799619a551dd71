import { BusError } from '@astra/contracts';
import type { ToolGraph, ToolServer } from '@astra/domain/tool-graph';
import type { LlmClient } from '@astra/platform/llm';
import { GraphLlm } from './graph-llm';
import { ModelGraphBuilder } from './model-graph.builder';

const SERVER: ToolServer = {
  name: 'notes',
  tools: ['a', 'b', 'c', 'd'].map((name) => ({ name, description: `tool ${name}`, parameters: { type: 'object', properties: {} } })),
};
const edge = (from: string, to: string, weight = 0.6) => ({
  from,
  to,
  weight,
  evidence: [{ kind: 'lexical' as const, parameter: 'x', score: weight }],
});
const STRUCTURAL: ToolGraph = {
  server: 'notes',
  strategy: 'structural',
  tools: ['a', 'b', 'c', 'd'],
  edges: [edge('a', 'b'), edge('b', 'c'), edge('c', 'd')],
  rejected: [],
};

/** A client whose structured() returns the scripted values in turn; an Error is thrown instead. */
function scripted(answers: (unknown | Error)[]): LlmClient {
  const queue = [...answers];
  const structured = async () => {
    const next = queue.shift();
    if (next instanceof Error) throw next;
    return { value: next, attempts: 1 };
  };
  return { config: { roles: { chain_proposer: { model: 'm' } } }, structured } as unknown as LlmClient;
}

const judged = (pairs: [string, string, boolean][], chains: string[][] = []) => ({
  candidates: pairs.map(([from, to, depends]) => ({ from, to, depends })),
  chains,
});
const kinds = (graph: ToolGraph, from: string, to: string) =>
  graph.edges.find((e) => e.from === from && e.to === to)?.evidence.map((e) => e.kind);

describe('ModelGraphBuilder.hybridGraph', () => {
  it('confirms or rejects each candidate by the majority of the samples that judged it; a tie leaves it as found', async () => {
    const builder = new ModelGraphBuilder(
      new GraphLlm(
        scripted([
          judged([
            ['a', 'b', true],
            ['b', 'c', false],
            ['c', 'd', true],
          ]),
          judged([
            ['a', 'b', true],
            ['b', 'c', false],
            ['c', 'd', false],
          ]),
          judged([['b', 'c', true]]),
        ]),
      ),
    );
    const { graph, invalidAnswers } = await builder.hybridGraph(SERVER, STRUCTURAL, 3);
    expect(invalidAnswers).toBe(0);
    expect(kinds(graph, 'a', 'b')).toEqual(['lexical', 'llm-confirmed']);
    expect(kinds(graph, 'b', 'c')).toBeUndefined();
    expect(kinds(graph, 'c', 'd')).toEqual(['lexical']);
    expect(graph.edges.find((e) => e.from === 'c')?.weight).toBe(0.6);
  });

  it('adds proposed pairs (not rejected ones), records unknown names, and counts invalid answers without guessing', async () => {
    const builder = new ModelGraphBuilder(
      new GraphLlm(
        scripted([
          judged(
            [['b', 'c', false]],
            [
              ['d', 'a'],
              ['b', 'c'],
              ['a', 'zzz'],
            ],
          ),
          new BusError('LLM_OUTPUT_INVALID', 'answer failed its schema after a repair turn'),
        ]),
      ),
    );
    const { graph, invalidAnswers } = await builder.hybridGraph(SERVER, STRUCTURAL, 2);
    expect(invalidAnswers).toBe(1);
    expect(kinds(graph, 'd', 'a')).toEqual(['proposal']);
    expect(kinds(graph, 'b', 'c')).toBeUndefined();
    expect(graph.rejected).toEqual(['zzz']);
  });

  it('lets a fault that is not an invalid answer through (the job retries it)', async () => {
    const builder = new ModelGraphBuilder(new GraphLlm(scripted([new BusError('LLM_UNAVAILABLE', 'down')])));
    await expect(builder.hybridGraph(SERVER, STRUCTURAL, 1)).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
  });
});
