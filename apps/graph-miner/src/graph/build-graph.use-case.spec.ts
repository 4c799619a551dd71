import { BusError } from '@astra/contracts';
import type { LlmClient } from '@astra/platform/llm';
import { catalogServer, FakeCatalog, FakeGraphs, jobRunner } from '../../test/support/fakes';
import { BuildGraphUseCase } from './build-graph.use-case';
import { GraphLlm } from './graph-llm';
import { ModelGraphBuilder } from './model-graph.builder';

const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties, required: Object.keys(properties) });
const NOTES = catalogServer('notes', [
  {
    name: 'create_folder',
    description: 'Create a folder',
    parameters: obj({ name: { type: 'string' } }),
    outputSchema: obj({ folderId: { type: 'string' } }),
  },
  {
    name: 'create_note',
    description: 'Create a note in a folder',
    parameters: obj({ folder_id: { type: 'string' }, text: { type: 'string' } }),
    outputSchema: obj({ noteId: { type: 'string' } }),
  },
  { name: 'delete_note', description: 'Delete a note', parameters: obj({ note_id: { type: 'string' } }) },
]);
const OTHER = catalogServer('other', [
  { name: 'ping', description: 'Ping' },
  { name: 'echo', description: 'Echo' },
  { name: 'time', description: 'Time' },
]);

function setup(client: LlmClient | null = null) {
  const catalog = new FakeCatalog([NOTES, OTHER]);
  const graphs = new FakeGraphs();
  const { runner, jobs } = jobRunner();
  const llm = new GraphLlm(client);
  const useCase = new BuildGraphUseCase(catalog.asRepository(), graphs.asRepository(), new ModelGraphBuilder(llm), llm, runner);
  return { useCase, graphs, jobs };
}

const first = { deliveryCount: 1, lastDelivery: false };

describe('BuildGraphUseCase', () => {
  it('builds one structural graph per server with progress per server; a rebuild stores nothing new', async () => {
    const { useCase, graphs, jobs } = setup();
    const report = await useCase.execute({ jobId: 'b1', strategy: 'structural', samples: 3 }, first);
    expect(report.status).toBe('completed');
    expect(report.graphs?.map((g) => [g.server, g.strategy, g.created])).toEqual([
      ['notes', 'structural', true],
      ['other', 'structural', true],
    ]);
    expect(report.graphs?.[0]?.edges).toBeGreaterThanOrEqual(2);
    expect(jobs.progress).toEqual([
      { done: 0, total: 2 },
      { done: 1, total: 2 },
      { done: 2, total: 2 },
    ]);
    const stored = JSON.parse(graphs.rows[0]?.graph ?? '{}') as { edges: { from: string; to: string }[] };
    expect(stored.edges.map((e) => `${e.from}>${e.to}`)).toEqual(
      expect.arrayContaining(['create_folder>create_note', 'create_note>delete_note']),
    );

    const again = await useCase.execute({ jobId: 'b2', servers: ['notes'], strategy: 'structural', samples: 3 }, first);
    expect(again.graphs).toEqual([{ ...report.graphs?.[0], created: false }]);
    expect(graphs.rows).toHaveLength(2);
  });

  it('refuses the llm and hybrid strategies without an LLM config, and an unknown server, as failed jobs', async () => {
    const { useCase, graphs } = setup();
    for (const strategy of ['llm', 'hybrid'] as const) {
      const report = await useCase.execute({ jobId: `r-${strategy}`, strategy, samples: 1 }, first);
      expect(report).toMatchObject({
        status: 'failed',
        error: { code: 'VALIDATION_FAILED', message: expect.stringContaining(`the ${strategy} strategy needs a model`) },
      });
    }
    const unknown = await useCase.execute({ jobId: 'r-unknown', servers: ['notes', 'ghost'], strategy: 'structural', samples: 1 }, first);
    expect(unknown).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND', message: 'no server "ghost" in the catalog' } });
    expect(graphs.rows).toHaveLength(0);
  });

  it('keys a model graph by model and samples: another sample count is another graph', async () => {
    const structured = jest.fn(async () => ({ value: { chains: [['create_folder', 'create_note']], dependencies: [] }, attempts: 1 }));
    const client = { config: { roles: { chain_proposer: { model: 'm1' } } }, structured } as unknown as LlmClient;
    const { useCase, graphs } = setup(client);
    await useCase.execute({ jobId: 'm1', servers: ['notes'], strategy: 'llm', samples: 1 }, first);
    await useCase.execute({ jobId: 'm2', servers: ['notes'], strategy: 'llm', samples: 1 }, first);
    expect(structured).toHaveBeenCalledTimes(1);
    const other = await useCase.execute({ jobId: 'm3', servers: ['notes'], strategy: 'llm', samples: 2 }, first);
    expect(other.graphs?.[0]).toMatchObject({ created: true, edges: 1 });
    expect(structured).toHaveBeenCalledTimes(3);
    expect(graphs.rows).toHaveLength(2);
  });

  it("builds as many servers at once as the proposer endpoints take, each server's samples in order", async () => {
    let inFlight = 0;
    let most = 0;
    const asked: string[] = [];
    const structured = jest.fn(async (_role: string, _schema: unknown, request: { messages: { content: string }[] }) => {
      asked.push(
        /Server "(\w+)".*proposal (\d)/s
          .exec(request.messages[1]?.content ?? '')
          ?.slice(1)
          .join('#') ?? '?',
      );
      most = Math.max(most, ++inFlight);
      await new Promise(setImmediate);
      inFlight -= 1;
      return { value: { chains: [], dependencies: [] }, attempts: 1 };
    });
    const client = {
      config: { roles: { chain_proposer: { model: 'm1', endpoints: [{ maxConcurrency: 4 }] } } },
      structured,
    } as unknown as LlmClient;
    const { useCase, jobs } = setup(client);
    const report = await useCase.execute({ jobId: 'p1', strategy: 'llm', samples: 2 }, first);
    expect(report.graphs?.map((g) => g.server)).toEqual(['notes', 'other']);
    expect(most).toBe(2);
    expect(asked.filter((a) => a.startsWith('notes'))).toEqual(['notes#1', 'notes#2']);
    expect(asked.filter((a) => a.startsWith('other'))).toEqual(['other#1', 'other#2']);
    expect(jobs.progress).toEqual([
      { done: 0, total: 2 },
      { done: 1, total: 2 },
      { done: 2, total: 2 },
    ]);
  });

  it('a build redelivered after a fault reports the graphs it stored before the fault as new, another job as unchanged', async () => {
    const structured = jest.fn(async (_role: string, _schema: unknown, request: { messages: { content: string }[] }) => {
      if (request.messages[1]?.content.includes('Server "other"') && structured.mock.calls.length === 2)
        throw new BusError('LLM_UNAVAILABLE', 'endpoint down');
      return { value: { chains: [['create_folder', 'create_note']], dependencies: [] }, attempts: 1 };
    });
    const client = { config: { roles: { chain_proposer: { model: 'm1' } } }, structured } as unknown as LlmClient;
    const { useCase, graphs } = setup(client);
    await expect(useCase.execute({ jobId: 'rd', strategy: 'llm', samples: 1 }, first)).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
    expect(graphs.rows.map((r) => r.serverName)).toEqual(['notes']);
    const redelivered = await useCase.execute({ jobId: 'rd', strategy: 'llm', samples: 1 }, first);
    expect(redelivered.graphs?.map((g) => [g.server, g.created])).toEqual([
      ['notes', true],
      ['other', true],
    ]);
    const another = await useCase.execute({ jobId: 'rd2', strategy: 'llm', samples: 1 }, first);
    expect(another.graphs?.map((g) => [g.server, g.created])).toEqual([
      ['notes', false],
      ['other', false],
    ]);
    expect(structured).toHaveBeenCalledTimes(3);
  });

  it('stores nothing when every model answer was invalid, so the next build asks the model again', async () => {
    const garbage = new BusError('LLM_OUTPUT_INVALID', 'no JSON object in the answer');
    const structured = jest
      .fn()
      .mockRejectedValueOnce(garbage)
      .mockRejectedValueOnce(garbage)
      .mockResolvedValue({ value: { chains: [['create_folder', 'create_note']], dependencies: [] }, attempts: 1 });
    const client = { config: { roles: { chain_proposer: { model: 'm1' } } }, structured } as unknown as LlmClient;
    const { useCase, graphs } = setup(client);
    const failed = await useCase.execute({ jobId: 'g1', servers: ['notes'], strategy: 'llm', samples: 2 }, first);
    expect(failed.status).toBe('completed');
    expect(failed.graphs).toEqual([
      expect.objectContaining({ server: 'notes', edges: 0, invalidAnswers: 2, created: false, stored: false }),
    ]);
    expect(graphs.rows).toHaveLength(0);
    const retried = await useCase.execute({ jobId: 'g2', servers: ['notes'], strategy: 'llm', samples: 2 }, first);
    expect(retried.graphs).toEqual([expect.objectContaining({ edges: 1, invalidAnswers: 0, created: true, stored: true })]);
    expect(structured).toHaveBeenCalledTimes(4);
    expect(graphs.rows).toHaveLength(1);
  });
});
