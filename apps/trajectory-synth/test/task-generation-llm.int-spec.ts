// The llm task strategy against the LLM test server: good answers, low scores, garbage and API errors. A model
// failure must come back as a recorded rejection, never as an accepted task or a default score.
import { TaskGenerationRequestSchema, type TaskRecord } from '@astra/contracts';
import type { ToolSpec } from '@astra/domain/tool-graph';
import { NearDuplicateIndex } from '@astra/domain/trajectories';
import { LlmClient, parseLlmConfig } from '@astra/platform/llm';
import { LlmTestServer, type ScriptedRule } from '@astra/testing';
import { TaskGenerator } from '../src/tasks/task-generator';
import type { TaskInputs, TaskUnitInput } from '../src/tasks/task-inputs';

const TOOLS: ToolSpec[] = [
  {
    name: 'create_entities',
    description: 'Create new entities in the knowledge graph',
    parameters: { type: 'object', properties: { entities: { type: 'array' } } },
  },
  {
    name: 'add_observations',
    description: 'Add observations to existing entities',
    parameters: { type: 'object', properties: { observations: { type: 'array' } } },
  },
  {
    name: 'open_nodes',
    description: 'Open nodes by their names',
    parameters: { type: 'object', properties: { names: { type: 'array' } } },
  },
];
const CHAIN: TaskUnitInput = {
  kind: 'chain',
  chainId: 'c1',
  server: 'memory',
  chain: ['create_entities', 'open_nodes'],
  serverTools: TOOLS,
};
const QUESTION = 'Please remember that my colleague Dara Okafor leads the garden project, then show me what you now know about her.';
const GOOD = { question_quality: 5, scenario_realism: 4, tool_use_necessity: 5, tool_selection_difficulty: 3, uniqueness: 4 };

const json = (value: unknown) => ({ content: JSON.stringify(value) });
const writer = (reply: ScriptedRule['reply']): ScriptedRule => ({
  name: 'write',
  match: { role: 'system', contains: 'You write realistic' },
  reply,
});
const rewriter = (reply: ScriptedRule['reply']): ScriptedRule => ({
  name: 'rewrite',
  match: { role: 'system', contains: 'You rewrite' },
  reply,
});
const scorer = (reply: ScriptedRule['reply']): ScriptedRule => ({ name: 'score', match: { role: 'system', contains: 'You grade' }, reply });

describe('llm task generation against the LLM test server', () => {
  const server = new LlmTestServer();
  let client: LlmClient;
  let gen: TaskGenerator;

  beforeAll(async () => {
    await server.start(0);
    const role = (model: string) => ({
      endpoints: [{ baseUrl: server.baseUrl }],
      model,
      params: { temperature: 0 },
      retries: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });
    client = new LlmClient(parseLlmConfig({ roles: { task_writer: role('writer-model'), task_scorer: role('scorer-model') } }));
    const inputs = {
      pool: () => Promise.resolve({ items: [CHAIN, { kind: 'server', server: 'memory', serverTools: TOOLS }] }),
    } as unknown as TaskInputs;
    gen = new TaskGenerator(inputs, client, { TRAJ_PERSONAS_FILE: undefined });
  });

  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  const make = (unit: number, extra: object = {}, seen = new NearDuplicateIndex()): Promise<TaskRecord[]> =>
    gen.make(TaskGenerationRequestSchema.parse({ jobId: 'tasks-llm', input: { kind: 'chains' }, count: 1, seed: 3, ...extra }), unit, seen);

  it("'auto' picks llm; an accepted task carries its scores, and each augmentation points at its parent", async () => {
    server.setRules([
      writer(json({ question: QUESTION })),
      rewriter(json({ question: 'As a nurse, note that Grace Lin covers the night shift and then show her record.' })),
      scorer(json(GOOD)),
    ]);
    const plan = await gen.plan(TaskGenerationRequestSchema.parse({ jobId: 'tasks-llm', input: { kind: 'chains' }, count: 5 }));
    expect(plan).toEqual({ units: 2, strategy: 'llm' });
    const [base, persona] = await make(0, { augment: { persona: 1 } });
    expect(base).toMatchObject({ strategy: 'llm', accepted: true, question: QUESTION, lineage: { model: 'writer-model', seed: 3 } });
    expect(base?.scores).toEqual({
      questionQuality: 1,
      scenarioRealism: 0.75,
      toolUseNecessity: 1,
      toolSelectionDifficulty: 0.5,
      uniqueness: 0.75,
    });
    expect(persona).toMatchObject({ accepted: true, augmentation: { kind: 'persona', parentId: base?.id, persona: expect.any(String) } });
  });

  it('scores under a threshold reject the task, naming the threshold', async () => {
    server.setRules([writer(json({ question: QUESTION })), scorer(json({ ...GOOD, tool_use_necessity: 2 }))]);
    const [task] = await make(0);
    expect(task).toMatchObject({ accepted: false, rejectReason: 'toolUseNecessity', scores: { toolUseNecessity: 0.25 } });
  });

  it('garbage scores (after the repair turn) reject the task with no score at all', async () => {
    server.setRules([writer(json({ question: QUESTION })), scorer({ content: 'I would say this is a fine question, maybe 4/5.' })]);
    const [task] = await make(0, { augment: { diverse: 2 } });
    expect(task).toMatchObject({ accepted: false, rejectReason: 'unparseable scores' });
    expect(task?.scores).toBeUndefined();
  });

  it('a garbage question, a question naming a tool, and an API error are rejections', async () => {
    server.setRules([writer({ content: 'Sure! Here is a question about entities.' }), scorer(json(GOOD))]);
    expect((await make(0))[0]).toMatchObject({ accepted: false, rejectReason: 'unparseable task' });

    server.setRules([writer(json({ question: 'Use create_entities to add Alice, then open_nodes to show her.' })), scorer(json(GOOD))]);
    expect((await make(0))[0]).toMatchObject({ accepted: false, rejectReason: 'tool name in question: create_entities, open_nodes' });

    server.setRules([writer(json({ question: QUESTION })), scorer(json(GOOD))]);
    server.injectFault({ kind: 'server_error', status: 500 }, 1);
    const [failed] = await make(1);
    expect(failed).toMatchObject({
      accepted: false,
      rejectReason: expect.stringMatching(/^llm unavailable: /),
      source: { kind: 'server' },
    });
    // A scorer whose endpoint refuses connections: the question was written, the scores never came.
    const refusing = new LlmClient(
      parseLlmConfig({
        roles: {
          task_writer: {
            endpoints: [{ baseUrl: server.baseUrl }],
            model: 'writer-model',
            retries: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
          },
          task_scorer: {
            endpoints: [{ baseUrl: 'http://127.0.0.1:9/v1' }],
            model: 'scorer-model',
            retries: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
          },
        },
      }),
    );
    const inputs = { pool: () => Promise.resolve({ items: [CHAIN] }) } as unknown as TaskInputs;
    const noScorer = new TaskGenerator(inputs, refusing, { TRAJ_PERSONAS_FILE: undefined });
    const [unscored] = await noScorer
      .make(TaskGenerationRequestSchema.parse({ jobId: 'tasks-llm', input: { kind: 'chains' }, count: 1 }), 0, new NearDuplicateIndex())
      .finally(() => refusing.close());
    expect(unscored).toMatchObject({ accepted: false, question: QUESTION, rejectReason: expect.stringMatching(/^llm unavailable: /) });
    expect(unscored?.scores).toBeUndefined();
  });

  it('a second unit writing the same question is a near-duplicate', async () => {
    server.setRules([writer(json({ question: QUESTION })), scorer(json(GOOD))]);
    const seen = new NearDuplicateIndex();
    expect((await make(0, {}, seen))[0]?.accepted).toBe(true);
    expect((await make(1, {}, seen))[0]).toMatchObject({ accepted: false, rejectReason: 'near-duplicate' });
  });
});
