import type { EnvLanguage, ScenarioType } from '@astra/contracts';
import { inLanguage, stepPrompt, type HopBudget, type PromptMessage } from './llm-prompt.types';

/** What a decomposition is made from: a given question (question-conditional) or a domain (unconditional). */
export type QaSource =
  { kind: 'question'; question: string; domain: string } | { kind: 'domain'; domain: string; knowledgeCorpus?: string };

/** Everything the QA generation prompt needs. */
export interface QaGenerationInput {
  language: EnvLanguage;
  source: QaSource;
  /** The hop budget for this candidate (already narrowed to the target scenario type). */
  hops: HopBudget;
  /** The scenario type to aim for (unconditional generation); absent: the one that fits the given question. */
  scenarioType?: ScenarioType;
  /** Which of the candidates this is (1-based), so samples of the same input differ. */
  candidate: number;
  candidates: number;
}

/** The prompt step name of QA generation. */
export const QA_GENERATION_STEP = 'qa-generation';

const CORPUS_CHARS = 12_000;

const SCENARIOS_EN = `The four scenario types:
- Single-Hop: one sub-question answered by one tool call.
- Parallel Single-Hop: several independent sub-questions, each answered by one tool call, none needing another's answer.
- Multi-Hop: a chain: each sub-question needs the answer of the one before it.
- Parallel Multi-Hop: independent branches answered side by side, then combined by later sub-questions.`;

const SCENARIOS_ZH = `四种场景类型：
- Single-Hop（单跳）：一个子问题，一次工具调用即可回答。
- Parallel Single-Hop（并行单跳）：多个相互独立的子问题，每个一次工具调用，互不依赖。
- Multi-Hop（多跳）：链式，每个子问题依赖前一个子问题的答案。
- Parallel Multi-Hop（并行多跳）：多个独立分支并行回答，再由后续子问题合并。`;

const PAPER_NAMES: Record<ScenarioType, string> = {
  'single-hop': 'Single-Hop',
  'parallel-single-hop': 'Parallel Single-Hop',
  'multi-hop': 'Multi-Hop',
  'parallel-multi-hop': 'Parallel Multi-Hop',
};

const RULES_EN = `Rules:
- Each sub-question is atomic: one fact, one lookup or one computation, answerable by one tool call (or, only for a final combining step, by reasoning over earlier answers).
- "dependsOn" lists the ids of the sub-questions whose answers this one needs, and only those; never make independent sub-questions wait for each other.
- Hop level: 1 for a sub-question without dependencies, else one more than its deepest dependency. The deepest hop level must be within the hop budget.
- Answers are short, exact and checkable (a name, a number, a date); the final answer follows from the sub-answers.
- Use ids "q1", "q2", ... and only ids you define.`;

const RULES_ZH = `规则：
- 每个子问题是原子的：一个事实、一次查询或一次计算，可由一次工具调用回答（只有最后的合并步骤可以仅凭之前的答案推理）。
- "dependsOn" 只列出本子问题需要其答案的子问题 id；不要让相互独立的子问题彼此等待。
- 跳数：没有依赖的子问题为 1，否则为其最深依赖加 1。最深的跳数必须在跳数预算内。
- 答案简短、精确、可核验（名称、数字、日期）；最终答案由子答案得出。
- id 使用 "q1"、"q2"……，只能引用你定义过的 id。`;

function sourceText(input: QaGenerationInput): string {
  const { source, language } = input;
  if (source.kind === 'question') {
    return inLanguage(
      language,
      `Decompose this question from the domain "${source.domain}" (keep its meaning; do not answer a different question):\n${source.question}`,
      `分解这个来自领域「${source.domain}」的问题（保持原意，不要改成别的问题）：\n${source.question}`,
    );
  }
  const corpus = source.knowledgeCorpus?.slice(0, CORPUS_CHARS);
  const knowledge =
    corpus === undefined || corpus.trim() === ''
      ? ''
      : inLanguage(language, `\nGround it in this knowledge:\n${corpus}`, `\n请基于以下知识：\n${corpus}`);
  return inLanguage(
    language,
    `Write one realistic question a user could ask in the domain "${source.domain}" and decompose it.${knowledge}`,
    `为领域「${source.domain}」写一个用户可能提出的真实问题，并将其分解。${knowledge}`,
  );
}

function answerFormat(input: QaGenerationInput): string {
  const question = input.source.kind === 'domain' ? '"question": "the main question", ' : '';
  return (
    `{${question}"finalAnswer": "...", "subQuestions": [{"id": "q1", "question": "...", "answer": "...", "dependsOn": []}, ` +
    `{"id": "q2", "question": "...", "answer": "...", "dependsOn": ["q1"]}]}`
  );
}

/** The QA generation prompt: names the four scenario types, the target type and the hop budget. */
export function buildQaGenerationPrompt(input: QaGenerationInput): PromptMessage[] {
  const { language, hops, scenarioType } = input;
  const system = inLanguage(
    language,
    'You decompose questions into sub-questions for training tool-using agents. Reply with JSON only.',
    '你负责把问题分解为子问题，用于训练会调用工具的智能体。只用 JSON 回答。',
  );
  const target =
    scenarioType === undefined
      ? inLanguage(language, 'Use the scenario type that fits the question.', '使用最适合该问题的场景类型。')
      : inLanguage(language, `Target scenario type: ${PAPER_NAMES[scenarioType]}.`, `目标场景类型：${PAPER_NAMES[scenarioType]}。`);
  const budget = inLanguage(
    language,
    `${target} Hop budget: the deepest sub-question must be at hop ${hops.min} to ${hops.max}.`,
    `${target}跳数预算：最深子问题的跳数须在 ${hops.min} 到 ${hops.max} 之间。`,
  );
  const sample = inLanguage(
    language,
    `This is candidate ${input.candidate} of ${input.candidates}.`,
    `这是第 ${input.candidate} 个候选（共 ${input.candidates} 个）。`,
  );
  const reply = inLanguage(language, 'Reply with JSON only, in this shape:', '只用如下结构的 JSON 回答：');
  const user = [
    sourceText(input),
    inLanguage(language, SCENARIOS_EN, SCENARIOS_ZH),
    budget,
    inLanguage(language, RULES_EN, RULES_ZH),
    sample,
    `${reply}\n${answerFormat(input)}`,
  ].join('\n\n');
  return stepPrompt(QA_GENERATION_STEP, system, user);
}
