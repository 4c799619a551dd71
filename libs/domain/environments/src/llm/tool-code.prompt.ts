import { z } from 'zod';
import type { EnvLanguage } from '@astra/contracts';
import { inLanguage, promptJson, stepPrompt, type PromptMessage } from './llm-prompt.types';
import type { ToolDocument } from './tool-document.schema';

/** The prompt step names of code writing and code repair. */
export const TOOL_CODE_STEP = 'tool-code';
export const TOOL_REPAIR_STEP = 'tool-repair';

/** A call the code must answer, with the answer its output must contain. */
export interface CodeCase {
  arguments: Record<string, unknown>;
  expectedAnswer: string;
}

/** What code writing needs: the document, the calls it must answer and the calls it must refuse. */
export interface ToolCodeInput {
  language: EnvLanguage;
  domain: string;
  doc: ToolDocument;
  cases: CodeCase[];
  badCalls: Record<string, unknown>[];
}

/** The code answer. */
export interface ToolCodeAnswer {
  code: string;
}

/** The code schema: Python source that defines a function named exactly as the tool. */
export function toolCodeSchema(name: string): z.ZodType<ToolCodeAnswer> {
  const def = new RegExp(`^def\\s+${name}\\s*\\(`, 'm');
  return z.object({ code: z.string().min(1).max(200_000) }).superRefine((value, ctx) => {
    if (!def.test(value.code))
      ctx.addIssue({ code: 'custom', path: ['code'], message: `the code must define a top-level function "def ${name}(...)"` });
  });
}

const CONTRACT_EN = `Contract:
- Python 3, standard library only (no network, no files, no third-party packages); define a top-level function named exactly as the tool.
- It is called with the JSON arguments as keyword arguments: give every parameter a default of None and check it yourself.
- Return a JSON-serialisable value (a dict, list, string or number) whose text contains the expected answer.
- Hold the data it needs in the code itself: realistic records covering the expected answer and other entities, so it serves related questions.
- All tools of an environment share one module: keep the data inside the function, or give every top-level name the tool's name as a prefix.
- Bad input (a missing required argument, a wrong type, an unknown value) raises ValueError with a clear message that does not reveal any expected answer.
- Deterministic: no randomness, no clock.`;

const CONTRACT_ZH = `约定：
- Python 3，仅用标准库（不联网、不读写文件、不用第三方包）；定义一个与工具同名的顶层函数。
- 调用时 JSON 参数作为关键字参数传入：每个参数默认值为 None，并自行检查。
- 返回可 JSON 序列化的值（dict、list、字符串或数字），其文本包含期望答案。
- 所需数据写在代码中：真实的记录，覆盖期望答案及其他实体，以便服务相关问题。
- 同一环境的所有工具共享一个模块：数据放在函数内部，或让每个顶层名称以工具名为前缀。
- 错误输入（缺少必填参数、类型错误、未知值）抛出带清晰信息的 ValueError，信息中不得泄露任何期望答案。
- 确定性：不用随机数，不用时钟。`;

function inputText(input: ToolCodeInput): string {
  return promptJson({ domain: input.domain, tool: input.doc, callsToAnswer: input.cases, callsToRefuse: input.badCalls });
}

/** The code prompt: the tool's Python implementation under the sandbox contract. */
export function buildToolCodePrompt(input: ToolCodeInput): PromptMessage[] {
  const { language } = input;
  const system = inLanguage(
    language,
    'You implement tools as Python functions. Reply with JSON only.',
    '你用 Python 函数实现工具。只用 JSON 回答。',
  );
  const user =
    `${inputText(input)}\n\n${inLanguage(language, CONTRACT_EN, CONTRACT_ZH)}\n\n` +
    inLanguage(
      language,
      'Reply with JSON only: {"code": "def name(...):\\n    ..."}',
      '只用 JSON 回答：{"code": "def name(...):\\n    ..."}',
    );
  return stepPrompt(TOOL_CODE_STEP, system, user);
}

/** The repair prompt: the code that failed its sandbox checks, and what failed. */
export function buildToolRepairPrompt(input: ToolCodeInput, code: string, failures: string[]): PromptMessage[] {
  const { language } = input;
  const system = inLanguage(
    language,
    'You fix Python tool implementations. Reply with JSON only.',
    '你修复 Python 工具实现。只用 JSON 回答。',
  );
  const user =
    `${inputText(input)}\n\n${inLanguage(language, CONTRACT_EN, CONTRACT_ZH)}\n\n` +
    `${inLanguage(language, 'The code:', '代码：')}\n${code}\n\n` +
    `${inLanguage(language, 'It failed these sandbox checks:', '它未通过以下沙箱检查：')}\n${failures.map((f) => `- ${f}`).join('\n')}\n\n` +
    inLanguage(
      language,
      'Reply with JSON only, the whole corrected code: {"code": "..."}',
      '只用 JSON 回答完整的修正代码：{"code": "..."}',
    );
  return stepPrompt(TOOL_REPAIR_STEP, system, user);
}
