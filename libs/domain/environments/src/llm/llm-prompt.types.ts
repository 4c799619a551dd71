import type { EnvLanguage } from '@astra/contracts';

/** One chat message of a prompt (structurally an OpenAI chat message, so the LLM client takes it as is). */
export interface PromptMessage {
  role: 'system' | 'user';
  content: string;
}

/** The inclusive range of hop levels the deepest sub-question of a decomposition must reach. */
export interface HopBudget {
  min: number;
  max: number;
}

/** The text in the request's language. */
export function inLanguage(language: EnvLanguage, en: string, zh: string): string {
  return language === 'zh' ? zh : en;
}

/** The marker that opens every system prompt of a step, so scripted test servers and logs can tell the steps apart. */
export function stepMarker(step: string): string {
  return `[astra-env:${step}]`;
}

/** A system and a user message for a step; the system message opens with the step's marker. */
export function stepPrompt(step: string, system: string, user: string): PromptMessage[] {
  return [
    { role: 'system', content: `${stepMarker(step)} ${system}` },
    { role: 'user', content: user },
  ];
}

/** JSON for a prompt: pretty enough to read, bounded so one huge corpus cannot blow the context. */
export function promptJson(value: unknown, maxChars = 20_000): string {
  const text = JSON.stringify(value, null, 2);
  return text.length > maxChars ? `${text.slice(0, maxChars)}\n…(truncated)` : text;
}
