import { BusError } from '@astra/contracts';
import type { ToolGraph, ToolServer } from '@astra/domain/tool-graph';
import type { LlmClient } from '@astra/platform/llm';
import type { ZodType } from 'zod';
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

/**
 * A client whose structured() parses the scripted values in turn with the caller's schema (as the real client does);
 * an Error is thrown instead. The prompts asked are kept in `prompts`.
 */
function scripted(answers: (unknown | Error)[], prompts: string[] = []): LlmClient {
  const queue = [...answers];
  const structured = async (_role: string, schema: ZodType, request: { messages: { content: string }[] }) => {
    prompts.push(request.messages.map((m) => m.content).join('\n'));
    const next = queue.shift();
    if (next instanceof Error) throw next;
    return { value: schema.parse(next), attempts: 1 };
  };
  return { config: { roles: { chain_proposer: { model: 'm' } } }, structured } as unknown as LlmClient;
}

const judged = (pairs: [string, string, boolean, string?][], chains: string[][] = []) => ({
  candidates: pairs.map(([from, to, depends, kind]) => ({ from, to, depends, ...(kind ? { kind } : {}) })),
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

describe('edge kinds in the model strategies', () => {
  it('names every kind in both prompts', async () => {
    const prompts: string[] = [];
    const builder = new ModelGraphBuilder(new GraphLlm(scripted([{ chains: [] }, judged([])], prompts)));
    await builder.llmGraph(SERVER, 1);
    await builder.hybridGraph(SERVER, STRUCTURAL, 1);
    for (const prompt of prompts) {
      for (const kind of ['data', 'session', 'context', 'check', 'conversion']) expect(prompt).toContain(kind);
      expect(prompt).toContain('"dependencies"');
    }
    expect(prompts[1]).toContain('- a -> b (data)');
  });

  it('reads a kind per named dependency in the llm strategy', async () => {
    const answer = { chains: [['a', 'b']], dependencies: [{ from: 'c', to: 'd', kind: 'session' }] };
    const { graph } = await new ModelGraphBuilder(new GraphLlm(scripted([answer]))).llmGraph(SERVER, 1);
    expect(graph.edges.find((e) => e.from === 'c' && e.to === 'd')?.kind).toBe('session');
    expect(graph.edges.find((e) => e.from === 'a' && e.to === 'b')?.kind).toBe('data');
  });

  it('refuses an answer naming a kind that does not exist (the client repairs or records it as invalid)', async () => {
    const answer = { chains: [], dependencies: [{ from: 'a', to: 'b', kind: 'vibes' }] };
    await expect(new ModelGraphBuilder(new GraphLlm(scripted([answer]))).llmGraph(SERVER, 1)).rejects.toThrow(/kind/);
  });

  it('keeps the state edges a model names that structure did not find, at full weight', async () => {
    const answer = { ...judged([['a', 'b', true, 'context']]), dependencies: [{ from: 'd', to: 'b', kind: 'session' }] };
    const { graph } = await new ModelGraphBuilder(new GraphLlm(scripted([answer]))).hybridGraph(SERVER, STRUCTURAL, 1);
    expect(graph.edges.find((e) => e.from === 'd' && e.to === 'b')).toMatchObject({ kind: 'session', weight: 1 });
    expect(graph.edges.find((e) => e.from === 'a' && e.to === 'b')?.kind).toBe('context');
  });
});
