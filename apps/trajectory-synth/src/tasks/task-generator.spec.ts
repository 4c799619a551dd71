import { BusError, TaskGenerationRequestSchema, type EnvironmentRecord } from '@astra/contracts';
import { NearDuplicateIndex } from '@astra/domain/trajectories';
import type { ToolSpec } from '@astra/domain/tool-graph';
import type { LlmClient } from '@astra/platform/llm';
import { TaskGenerator } from './task-generator';
import type { TaskInputs, TaskUnitInput } from './task-inputs';

const TOOLS: ToolSpec[] = [
  {
    name: 'create_entities',
    description: 'Create multiple new entities in the knowledge graph',
    parameters: {
      type: 'object',
      properties: {
        entities: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, entityType: { type: 'string' } },
            required: ['name', 'entityType'],
          },
        },
      },
      required: ['entities'],
    },
    outputSchema: {
      type: 'object',
      properties: { entities: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } } },
    },
  },
  {
    name: 'open_nodes',
    description: 'Open specific nodes in the knowledge graph by their names',
    parameters: { type: 'object', properties: { names: { type: 'array', items: { type: 'string' } } }, required: ['names'] },
    outputSchema: null,
  },
  {
    name: 'get_issue',
    description: 'Read one issue',
    parameters: { type: 'object', properties: { issue_id: { type: 'string' } }, required: ['issue_id'] },
  },
];

const chain = (id: string, tools: string[], serverTools: ToolSpec[] = TOOLS): TaskUnitInput => ({
  kind: 'chain',
  chainId: id,
  server: 'memory',
  chain: tools,
  serverTools,
});

function generator(items: TaskUnitInput[], client: LlmClient | null = null): TaskGenerator {
  const inputs = { pool: () => Promise.resolve({ items }) } as unknown as TaskInputs;
  return new TaskGenerator(inputs, client, { TRAJ_PERSONAS_FILE: undefined });
}

const request = (input: unknown, extra: object = {}) =>
  TaskGenerationRequestSchema.parse({ jobId: 'job-1', input, count: 10, seed: 5, ...extra });

describe('TaskGenerator without a model', () => {
  it('templates chain tasks with bound plans, deterministically per (seed, unit), and rejects a chain it cannot plan', async () => {
    const gen = generator([chain('c1', ['create_entities', 'open_nodes']), chain('c2', ['create_entities', 'get_issue'])]);
    const req = request({ kind: 'chains' });
    await expect(gen.plan(req)).resolves.toEqual({ units: 2, strategy: 'template' });
    const [good] = await gen.make(req, 0, new NearDuplicateIndex());
    expect(good).toMatchObject({ strategy: 'template', accepted: true, targetTools: ['create_entities', 'open_nodes'] });
    expect(good?.scores).toBeUndefined();
    expect(good?.plan?.steps[1]?.bindings).toEqual([{ argument: 'names.0', fromStep: 's1', path: 'entities.0.name' }]);
    const [again] = await gen.make(req, 0, new NearDuplicateIndex());
    expect(again?.id).toBe(good?.id);
    const [bad] = await gen.make(req, 1, new NearDuplicateIndex());
    expect(bad).toMatchObject({ accepted: false, rejectReason: expect.stringContaining('identifier "issue_id"') });
  });

  it('rejects a near-duplicate of a task the job already kept', async () => {
    const gen = generator([chain('c1', ['create_entities', 'open_nodes'])]);
    const seen = new NearDuplicateIndex();
    const [first] = await gen.make(request({ kind: 'chains' }), 0, seen);
    const [second] = await gen.make(request({ kind: 'chains' }), 0, seen);
    expect(first?.accepted).toBe(true);
    expect(second).toMatchObject({ accepted: false, rejectReason: 'near-duplicate' });
  });

  it("takes an environment's prompt and decomposition", async () => {
    const environment = {
      id: 'a'.repeat(64),
      prompt: 'What is the population of the capital of France?',
      finalAnswer: '2.1 million',
      language: 'en',
      tools: [{ name: 'get_capital' }],
      split: 'train',
      subTasks: [
        {
          id: 'q1',
          question: 'Capital?',
          answer: 'Paris',
          dependsOn: [],
          hop: 1,
          toolNecessity: true,
          call: { tool: 'get_capital', arguments: { country: 'France' } },
        },
      ],
    } as unknown as EnvironmentRecord;
    const gen = generator([{ kind: 'environment', environment }]);
    const req = request({ kind: 'environments', jobId: 'env-job' });
    await expect(gen.plan(req)).resolves.toEqual({ units: 1, strategy: 'environment' });
    const [task] = await gen.make(req, 0, new NearDuplicateIndex());
    expect(task).toMatchObject({
      strategy: 'environment',
      question: environment.prompt,
      language: 'en',
      accepted: true,
      split: 'train',
      source: { kind: 'environment', environmentId: environment.id },
      plan: { finalAnswer: '2.1 million', steps: [{ id: 'q1', tool: 'get_capital' }] },
    });
  });

  it("writes questions in the tools' own language unless the request names one", async () => {
    const zhTools = TOOLS.map((t, i) => ({
      ...t,
      description: ['在知识图谱中创建多个新实体', '按名称打开知识图谱中的节点', '读取一个问题'][i] ?? '',
    }));
    const gen = generator([chain('c1', ['create_entities', 'open_nodes'], zhTools)]);
    const [detected] = await gen.make(request({ kind: 'chains' }), 0, new NearDuplicateIndex());
    expect(detected).toMatchObject({ language: 'zh', accepted: true });
    expect(detected?.question).toMatch(/^请帮我/);
    const [asked] = await gen.make(request({ kind: 'chains' }, { language: 'en' }), 0, new NearDuplicateIndex());
    expect(asked).toMatchObject({ language: 'en' });
    expect(asked?.question).toMatch(/^I need a hand/);
    const [english] = await generator([chain('c1', ['create_entities', 'open_nodes'])]).make(
      request({ kind: 'chains' }),
      0,
      new NearDuplicateIndex(),
    );
    expect(english).toMatchObject({ language: 'en' });
  });

  it('refuses llm generation and server tasks without the task_writer role', async () => {
    const gen = generator([chain('c1', ['create_entities', 'open_nodes'])]);
    await expect(gen.plan(request({ kind: 'chains' }, { strategy: 'llm' }))).rejects.toThrow(BusError);
    await expect(gen.plan(request({ kind: 'servers', servers: ['memory'] }))).rejects.toThrow(/task_writer/);
  });
});
