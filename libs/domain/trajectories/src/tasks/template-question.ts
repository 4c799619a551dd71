import type { EnvLanguage, TaskPlan } from '@astra/contracts';
import type { ToolSpec } from '@astra/domain/tool-graph';
import { firstSentence } from './chain-plan';
import { stripToolNames } from './tool-names';

function lowerFirst(text: string): string {
  return text.length > 0 ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function details(plan: TaskPlan, language: EnvLanguage): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const step of plan.steps) {
    for (const [key, value] of Object.entries(step.arguments)) {
      if (seen.has(key) || step.bindings.some((b) => b.argument.split('.')[0] === key)) continue;
      seen.add(key);
      parts.push(`${key.replace(/_/g, ' ')}: ${JSON.stringify(value)}`);
    }
  }
  if (parts.length === 0) return '';
  return language === 'zh' ? `相关信息：${parts.join('；')}。` : ` Details: ${parts.join('; ')}.`;
}

/**
 * A templated question for a chain: what each step does, in order, from the tools' descriptions (tool names taken
 * out), with the values the user supplies, so the question states everything the plan needs.
 */
export function templateQuestion(tools: readonly ToolSpec[], plan: TaskPlan, language: EnvLanguage): string {
  const names = tools.map((t) => t.name);
  const doing = plan.steps.map((step) => {
    const tool = tools.find((t) => t.name === step.tool);
    return stripToolNames(lowerFirst(firstSentence(tool?.description ?? step.purpose ?? '')), names) || 'continue with the result';
  });
  if (language === 'zh') {
    return `请帮我依次完成以下事情：${doing.map((d, i) => `${i + 1}. ${d}`).join('；')}。${details(plan, language)}完成后告诉我结果。`;
  }
  const [first, ...rest] = doing;
  const then = rest.map((d) => `then ${d}`).join(', ');
  return `I need a hand with something: first ${first ?? ''}${then ? `, ${then}` : ''}.${details(plan, language)} Tell me what came out of it at the end.`;
}
