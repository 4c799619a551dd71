// The ASTRA RL layout, so trainers built for ASTRA's data can use our environments. Based on the published
// ASTRA-RL-1k dataset (huggingface.co/datasets/Emperorizzis/ASTRA-RL-1k, from github.com/LianjiaTech/astra): each
// row has `prompt` (a list of chat messages), and three JSON-encoded string columns: `tool_schema` (a list of
// OpenAI function schemas), `tool_dict` (tool name -> Python source defining a function of that name) and
// `sub_qa_dict` (tool name -> the sub-answers that tool's outputs must contain, one per sub-question it answers).
// Assumptions, since the dataset card does not spell them out: the prompt is the main question as the only user
// turn; extra keys (`answer`, `extra_info`) are ignored by ASTRA's loader; tool-free sub-tasks have no tool and so
// no `sub_qa_dict` entry, and a tool no sub-task calls has none either.
import type { EnvironmentRecord, EnvSplit, ScenarioType } from '@astra/contracts';

/** An OpenAI function-calling schema, as in `tool_schema`. */
export interface OpenAiFunctionSchema {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** One sub-question with its ground truth, in ASTRA's decomposition field names (kept in `extra_info`). */
export interface AstraSubQuestion {
  sub_question: string;
  sub_answer: string;
  dependency: string[];
  hop: number;
  tool_necessity: boolean;
  tool?: string;
  arguments?: Record<string, unknown>;
}

/** One environment in the ASTRA RL layout. */
export interface AstraRlRecord {
  prompt: { role: 'user'; content: string }[];
  /** JSON of OpenAiFunctionSchema[]. */
  tool_schema: string;
  /** JSON of { [tool name]: Python source }. */
  tool_dict: string;
  /** JSON of { [tool name]: sub-answers }. */
  sub_qa_dict: string;
  /** The main question's final answer. */
  answer: string;
  extra_info: {
    id: string;
    domain: string;
    language: string;
    scenario_type: string;
    split?: EnvSplit;
    /** Sub-question id -> its question, answer, dependencies and call. */
    sub_questions: Record<string, AstraSubQuestion>;
  };
}

/** The scenario types as the ASTRA paper names them. */
export const ASTRA_SCENARIO_NAMES: Record<ScenarioType, string> = {
  'single-hop': 'Single-Hop',
  'parallel-single-hop': 'Parallel Single-Hop',
  'multi-hop': 'Multi-Hop',
  'parallel-multi-hop': 'Parallel Multi-Hop',
};

/** Why an environment cannot be written in the ASTRA layout. */
export class AstraExportError extends Error {
  constructor(environmentId: string, reason: string) {
    super(`environment ${environmentId} cannot be exported in the ASTRA layout: ${reason}`);
    this.name = 'AstraExportError';
  }
}

/** The decoded ASTRA columns of an environment: schemas, code by tool, sub-answers by tool. */
export function astraColumns(env: EnvironmentRecord): {
  toolSchema: OpenAiFunctionSchema[];
  toolDict: Record<string, string>;
  subQaDict: Record<string, string[]>;
} {
  const javascript = env.tools.filter((t) => t.language !== 'python').map((t) => t.name);
  // ASTRA's trainer executes tool_dict entries as Python; other code would only fail there.
  if (javascript.length > 0) throw new AstraExportError(env.id, `its tools run as Python, these are not: ${javascript.join(', ')}`);
  const toolSchema = env.tools.map((t) => ({
    type: 'function' as const,
    function: { name: t.name, description: t.description, parameters: { ...t.parameters } },
  }));
  // ASTRA has no session setup: each tool's source starts with it, so any one tool loaded alone has its state.
  const setup = env.setup?.trim();
  const toolDict = Object.fromEntries(env.tools.map((t) => [t.name, setup ? `${setup}\n\n${t.code}` : t.code]));
  const subQaDict: Record<string, string[]> = {};
  for (const task of env.subTasks) {
    if (task.call === undefined) continue;
    if (!(task.call.tool in toolDict))
      throw new AstraExportError(env.id, `sub-task ${task.id} calls ${task.call.tool}, which it does not have`);
    (subQaDict[task.call.tool] ??= []).push(task.answer);
  }
  return { toolSchema, toolDict, subQaDict };
}

/** An environment record as one row of ASTRA's RL data; throws AstraExportError for tools that are not Python. */
export function toAstraRecord(env: EnvironmentRecord, split?: EnvSplit): AstraRlRecord {
  const { toolSchema, toolDict, subQaDict } = astraColumns(env);
  const subQuestions = Object.fromEntries(
    env.subTasks.map((t) => [
      t.id,
      {
        sub_question: t.question,
        sub_answer: t.answer,
        dependency: [...t.dependsOn],
        hop: t.hop,
        tool_necessity: t.toolNecessity,
        ...(t.call ? { tool: t.call.tool, arguments: t.call.arguments } : {}),
      },
    ]),
  );
  return {
    prompt: [{ role: 'user', content: env.prompt }],
    tool_schema: JSON.stringify(toolSchema),
    tool_dict: JSON.stringify(toolDict),
    sub_qa_dict: JSON.stringify(subQaDict),
    answer: env.finalAnswer,
    extra_info: {
      id: env.id,
      domain: env.domain,
      language: env.language,
      scenario_type: ASTRA_SCENARIO_NAMES[env.scenarioType],
      ...(split ? { split } : {}),
      sub_questions: subQuestions,
    },
  };
}
