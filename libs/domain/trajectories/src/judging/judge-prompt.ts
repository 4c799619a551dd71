import type { JudgeDimension, JudgedTrajectory, WireMessage } from '@astra/contracts';
import { DIMENSION_RUBRICS } from './judge-dimensions';

/** A chat message of a judge prompt (the OpenAI shape, so the LLM client takes it as is). */
export interface JudgePromptMessage {
  role: 'system' | 'user';
  content: string;
}

// Long tool results are cut so the seven prompts stay within a judge model's context.
const MAX_RESULT_CHARS = 3_000;
const MAX_TEXT_CHARS = 4_000;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters]`;
}

function renderMessage(message: WireMessage, index: number): string {
  const head = `[${index}] ${message.role}`;
  const parts: string[] = [];
  if (message.reasoning_content) parts.push(`${head} reasoning: ${cut(message.reasoning_content, MAX_TEXT_CHARS)}`);
  if (message.role === 'tool')
    parts.push(`${head} (result of ${message.tool_call_id ?? '?'}): ${cut(message.content ?? '', MAX_RESULT_CHARS)}`);
  else if (message.content) parts.push(`${head}: ${cut(message.content, MAX_TEXT_CHARS)}`);
  for (const call of message.tool_calls ?? [])
    parts.push(`${head} calls ${call.function.name} (id ${call.id}) with ${call.function.arguments}`);
  return parts.join('\n');
}

/** The trajectory as plain text for a judge: the query, the tools offered and the numbered conversation. */
export function renderTrajectory(trajectory: JudgedTrajectory): string {
  const tools = trajectory.tools.map(
    (t) => `- ${t.function.name}: ${t.function.description ?? ''} parameters ${JSON.stringify(t.function.parameters ?? {})}`,
  );
  const conversation = trajectory.messages
    .map(renderMessage)
    .filter((text) => text !== '')
    .join('\n');
  return `User query:\n${trajectory.question}\n\nTools offered:\n${tools.join('\n') || '(none)'}\n\nConversation:\n${conversation}`;
}

const SYSTEM =
  'You judge one dimension of an AI assistant solving a task with tools. Read the trajectory, judge only the dimension ' +
  'asked, and answer with a single JSON object and nothing else: {"score": <integer 1-5>, "reason": "<one or two sentences>"}.';

/** The two messages that ask the judge model to score one dimension of a trajectory on a 1-5 scale, in JSON. */
export function judgePrompt(dimension: JudgeDimension, trajectory: JudgedTrajectory): JudgePromptMessage[] {
  const rubric = DIMENSION_RUBRICS[dimension];
  const user =
    `Dimension: ${dimension} (${rubric.title})\n${rubric.question}\n` +
    `Scale: 1 = ${rubric.low}; 3 = partly; 5 = ${rubric.high}.\n\n` +
    `${renderTrajectory(trajectory)}\n\n` +
    `Answer with only {"score": 1-5, "reason": "..."} for the dimension ${dimension}.`;
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: user },
  ];
}
