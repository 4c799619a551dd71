// The scripted model of the trajectory-synth benchmark: rules for the LLM test server that answer instantly, per task
// its plan's first independent calls (offered tools matched by name), then a final answer once a tool message is in.
import type { TaskRecord } from '@astra/contracts';
import type { ScriptedRule } from '@astra/testing';

/** Rules that make the test server act as an agent that calls tools at once and then answers. */
export function scriptedAgentRules(tasks: readonly TaskRecord[]): ScriptedRule[] {
  const answer: ScriptedRule = {
    name: 'answer after tool results',
    match: { role: 'tool', regex: '[\\s\\S]' },
    reply: { content: 'From the tool results above, here is the answer.', reasoning_content: 'The tools answered; I can reply.' },
  };
  const perTask = tasks.flatMap((task): ScriptedRule[] => {
    const first = task.plan?.steps.filter((s) => s.dependsOn.length === 0 && s.bindings.length === 0) ?? [];
    if (first.length === 0) return [];
    return [
      {
        name: `calls of task ${task.id.slice(0, 8)}`,
        match: { role: 'user', contains: task.question.slice(0, 200), tools: first.map((s) => s.tool) },
        reply: {
          content: null,
          reasoning_content: 'I will look these up.',
          tool_calls: first.map((s, i) => ({ id: `call_${i}`, name: s.tool, arguments: s.arguments })),
        },
      },
    ];
  });
  const fallback: ScriptedRule = { name: 'no plan: answer at once', reply: { content: 'I cannot tell from here.' } };
  return [answer, ...perTask, fallback];
}
