import { z } from 'zod';
import type { EnvLanguage } from '@astra/contracts';
import { inLanguage, promptJson, stepPrompt, type PromptMessage } from './llm-prompt.types';
import { argumentProblems, type ToolDocument } from './tool-document.schema';

/** The prompt step names of tool synthesis, in the order they run for one sub-question. */
export const TOOL_DOCUMENT_STEP = 'tool-document';
export const COMPLEXITY_SCALING_STEP = 'complexity-scaling';
export const CALL_STATEMENT_STEP = 'call-statement';

/** The sub-question a tool is made for, with what it needs from earlier steps. */
export interface ToolTarget {
  language: EnvLanguage;
  domain: string;
  mainQuestion: string;
  subQuestion: { id: string; question: string; answer: string };
  /** The sub-questions it depends on, with their answers (the call statement may use them as arguments). */
  dependencies: { id: string; question: string; answer: string }[];
  /** Names other tools of the environment already use. */
  takenNames: string[];
}

function targetText(target: ToolTarget): string {
  return promptJson({
    domain: target.domain,
    mainQuestion: target.mainQuestion,
    subQuestion: target.subQuestion.question,
    expectedAnswer: target.subQuestion.answer,
    answersAvailableFromEarlierSteps: target.dependencies.map((d) => ({ question: d.question, answer: d.answer })),
  });
}

const DOC_SHAPE =
  '{"name": "snake_case_name", "description": "...", "parameters": {"type": "object", "properties": {"arg": {"type": "string", "description": "..."}}, "required": ["arg"]}}';

function taken(target: ToolTarget): string {
  if (target.takenNames.length === 0) return '';
  return inLanguage(
    target.language,
    `\nNames already taken: ${target.takenNames.join(', ')}.`,
    `\n已被占用的名称：${target.takenNames.join('、')}。`,
  );
}

/** The tool document prompt: an OpenAI function schema for a tool that answers the sub-question. */
export function buildToolDocumentPrompt(target: ToolTarget): PromptMessage[] {
  const { language } = target;
  const system = inLanguage(
    language,
    'You design tools (function APIs) for agents. Reply with JSON only.',
    '你为智能体设计工具（函数 API）。只用 JSON 回答。',
  );
  const user = inLanguage(
    language,
    `${targetText(target)}\n\nDesign one tool an agent would call to answer the sub-question: a snake_case name, a clear description, ` +
      `and typed parameters (the inputs the agent knows at that point).${taken(target)}\nReply with JSON only: ${DOC_SHAPE}`,
    `${targetText(target)}\n\n设计一个智能体回答该子问题时会调用的工具：snake_case 名称、清晰的描述、带类型的参数（智能体此时已知的输入）。` +
      `参数名和工具名用英文标识符。${taken(target)}\n只用 JSON 回答：${DOC_SHAPE}`,
  );
  return stepPrompt(TOOL_DOCUMENT_STEP, system, user);
}

/** The complexity scaling prompt: the same tool generalised beyond the one question (more cases, optional parameters). */
export function buildComplexityScalingPrompt(target: ToolTarget, doc: ToolDocument): PromptMessage[] {
  const { language } = target;
  const system = inLanguage(
    language,
    'You generalise tool APIs so they serve many questions. Reply with JSON only.',
    '你把工具 API 泛化，使其能服务许多问题。只用 JSON 回答。',
  );
  const user = inLanguage(
    language,
    `${targetText(target)}\n\nThe tool so far:\n${promptJson(doc)}\n\nGeneralise it: it must still answer the sub-question, but also serve ` +
      'related questions (other entities, optional parameters such as a unit, a field to return or a filter). Keep the name unless it is too narrow. ' +
      `Keep it one coherent intent.${taken(target)}\nReply with JSON only, the whole document: ${DOC_SHAPE}`,
    `${targetText(target)}\n\n当前工具：\n${promptJson(doc)}\n\n将其泛化：仍须能回答该子问题，同时服务相关问题（其他实体、可选参数如单位、返回字段或过滤条件）。` +
      `除非名称过窄，否则保留名称。保持单一明确的意图。${taken(target)}\n只用 JSON 回答完整的文档：${DOC_SHAPE}`,
  );
  return stepPrompt(COMPLEXITY_SCALING_STEP, system, user);
}

/** The call statement answer: the arguments that answer the sub-question. */
export interface CallStatementAnswer {
  arguments: Record<string, unknown>;
}

/** The call statement schema: arguments the document accepts (known names, required ones present, right types). */
export function callStatementSchema(doc: ToolDocument): z.ZodType<CallStatementAnswer> {
  return z.object({ arguments: z.record(z.string(), z.unknown()) }).superRefine((value, ctx) => {
    for (const problem of argumentProblems(doc, value.arguments)) ctx.addIssue({ code: 'custom', path: ['arguments'], message: problem });
  });
}

/** The call statement prompt: which arguments answer the sub-question (earlier answers written out as values). */
export function buildCallStatementPrompt(target: ToolTarget, doc: ToolDocument): PromptMessage[] {
  const { language } = target;
  const system = inLanguage(language, 'You write tool calls. Reply with JSON only.', '你编写工具调用。只用 JSON 回答。');
  const user = inLanguage(
    language,
    `${targetText(target)}\n\nThe tool:\n${promptJson(doc)}\n\nWrite the call that answers the sub-question. Write answers of earlier steps ` +
      'as literal values. Reply with JSON only: {"arguments": {"arg": "value"}}',
    `${targetText(target)}\n\n工具：\n${promptJson(doc)}\n\n写出回答该子问题的调用，之前步骤的答案写成字面值。只用 JSON 回答：{"arguments": {"arg": "value"}}`,
  );
  return stepPrompt(CALL_STATEMENT_STEP, system, user);
}
