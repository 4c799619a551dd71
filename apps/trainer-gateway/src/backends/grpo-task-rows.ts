import type { EnvironmentRecord } from '@astra/contracts';
import type { GrpoTaskRow } from '../kubernetes/trainer-plan';

/**
 * An environment as a GRPO task row of the Kubernetes trainer: the opening messages (the tools described in a system
 * message, the question as the user turn), the sub-tasks' answers and the final answer its reward scores against.
 */
export function grpoTaskRow(environment: EnvironmentRecord): GrpoTaskRow {
  const tools = environment.tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  }));
  return {
    id: environment.id,
    prompt: [
      { role: 'system', content: `You can call these tools (OpenAI function schemas):\n${JSON.stringify(tools)}` },
      { role: 'user', content: environment.prompt },
    ],
    subTasks: environment.subTasks.map((subTask) => ({ answer: subTask.answer, tooled: subTask.toolNecessity })),
    finalAnswer: environment.finalAnswer,
  };
}
