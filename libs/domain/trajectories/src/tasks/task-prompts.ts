import type { EnvLanguage } from '@astra/contracts';
import type { ToolSpec } from '@astra/domain/tool-graph';

/** A chat message of a prompt (the LLM client's shape). */
export interface PromptMessage {
  role: 'system' | 'user';
  content: string;
}

const LANGUAGE: Record<EnvLanguage, string> = { en: 'English', zh: 'Simplified Chinese' };

const RULES = (language: EnvLanguage): string =>
  [
    `Write the question in ${LANGUAGE[language]}.`,
    'Never name a tool, function or API in the question; describe what the user wants, not how to do it.',
    'It must read like a real person with a real goal, and state every value the tools need that a user would know.',
    'It must not be answerable with a single tool call or without tools.',
    'Reply with only a JSON object: {"question": "..."}',
  ].join('\n');

/** The tools as the writer sees them: described capabilities, labelled by step, names kept out of the answer. */
function toolLines(tools: readonly ToolSpec[]): string {
  return tools
    .map((t, i) => `Capability ${i + 1}: ${t.description.trim()}\n  Parameters: ${JSON.stringify(t.parameters.properties ?? {})}`)
    .join('\n');
}

/** Chain-conditioned generation: one question whose solution needs exactly these capabilities, in this order. */
export function chainTaskPrompt(tools: readonly ToolSpec[], language: EnvLanguage): PromptMessage[] {
  return [
    { role: 'system', content: `You write realistic user requests for an assistant that has tools.\n${RULES(language)}` },
    {
      role: 'user',
      content:
        `Write one user request whose solution needs exactly these ${tools.length} capabilities, used in this order, ` +
        `each step using what the previous ones produced:\n${toolLines(tools)}`,
    },
  ];
}

/** Server-level generation: one question that needs the chosen capabilities together (in any order). */
export function serverTaskPrompt(server: string, tools: readonly ToolSpec[], language: EnvLanguage): PromptMessage[] {
  return [
    { role: 'system', content: `You write realistic user requests for an assistant that has tools.\n${RULES(language)}` },
    {
      role: 'user',
      content:
        `The assistant works with a service called "${server}". Write one user request that needs all of these ` +
        `${tools.length} capabilities together:\n${toolLines(tools)}`,
    },
  ];
}

const AUGMENT: Record<'diverse' | 'complicate' | 'persona', string> = {
  diverse: 'Rewrite the request for a clearly different domain or life situation, keeping exactly the same capabilities and order.',
  complicate:
    'Rewrite the request with added realistic constraints (a condition, a limit, a preference) that make it harder, ' +
    'still needing the same capabilities.',
  persona: 'Rewrite the request in the voice and situation of this person: {persona}. Keep the same capabilities and order.',
};

/** Augmentation of a base question: another domain, added constraints, or a persona's voice (`variant` counts rewrites of a kind). */
export function augmentPrompt(
  kind: 'diverse' | 'complicate' | 'persona',
  question: string,
  tools: readonly ToolSpec[],
  language: EnvLanguage,
  persona?: string,
  variant = 1,
): PromptMessage[] {
  const again = variant > 1 ? ` This is rewrite number ${variant}: make it differ from the earlier ones.` : '';
  const instruction = AUGMENT[kind].replace('{persona}', persona ?? '') + again;
  return [
    { role: 'system', content: `You rewrite user requests for an assistant that has tools.\n${RULES(language)}` },
    { role: 'user', content: `${instruction}\n\nThe request:\n${question}\n\nThe capabilities it needs:\n${toolLines(tools)}` },
  ];
}

/** Scoring of one question on five 1-5 scales. */
export function scorePrompt(question: string, tools: readonly ToolSpec[]): PromptMessage[] {
  return [
    {
      role: 'system',
      content:
        'You grade user requests written to train tool-using assistants. Rate each criterion from 1 (bad) to 5 (excellent):\n' +
        'question_quality: clear, specific, self-contained, natural.\n' +
        'scenario_realism: a real person would plausibly ask this.\n' +
        'tool_use_necessity: it cannot be answered without the capabilities, nor with only one of them.\n' +
        'tool_selection_difficulty: choosing the right capabilities takes thought.\n' +
        'uniqueness: not a generic or boilerplate request.\n' +
        'Reply with only JSON: {"question_quality": n, "scenario_realism": n, "tool_use_necessity": n, ' +
        '"tool_selection_difficulty": n, "uniqueness": n, "reason": "..."}',
    },
    { role: 'user', content: `The request:\n${question}\n\nThe capabilities available:\n${toolLines(tools)}` },
  ];
}
