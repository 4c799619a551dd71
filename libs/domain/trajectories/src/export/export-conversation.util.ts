import type { OfferedTool, TaskRecord, TrajectoryRecord, WireMessage } from '@astra/contracts';

/** One tool call as the OpenAI messages format writes it (arguments as a JSON string). */
export interface ExportToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A message of the exported conversation: the wire message with only the fields a trainer reads. */
export type ExportMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | ExportAssistantMessage
  | { role: 'tool'; tool_call_id: string; content: string };

/** An assistant turn: text (null when it only calls tools), its calls, and its reasoning when the model gave one. */
export interface ExportAssistantMessage {
  role: 'assistant';
  content: string | null;
  tool_calls?: ExportToolCall[];
  reasoning_content?: string;
}

/**
 * The conversation to train on: the trajectory's system turn only when it has one, then exactly one user turn
 * (the task's question), then the assistant and tool messages in order. Later user turns (nudges an agent loop may
 * add) are dropped, since the export promises a single user turn.
 */
export function exportConversation(trajectory: TrajectoryRecord, task: TaskRecord): ExportMessage[] {
  const system = trajectory.messages.find((m) => m.role === 'system');
  const head: ExportMessage[] = system ? [{ role: 'system', content: system.content ?? '' }] : [];
  head.push({ role: 'user', content: task.question });
  const rest: ExportMessage[] = [];
  for (const message of trajectory.messages) {
    const converted = convertTurn(message);
    if (converted) rest.push(converted);
  }
  return [...head, ...rest];
}

function convertTurn(message: WireMessage): ExportMessage | undefined {
  if (message.role === 'tool') return { role: 'tool', tool_call_id: message.tool_call_id ?? '', content: message.content ?? '' };
  if (message.role !== 'assistant') return undefined;
  const out: ExportAssistantMessage = { role: 'assistant', content: message.content };
  if (message.tool_calls && message.tool_calls.length > 0) {
    out.tool_calls = message.tool_calls.map((c) => ({
      id: c.id,
      type: 'function' as const,
      function: { name: c.function.name, arguments: c.function.arguments },
    }));
  }
  if (message.reasoning_content !== undefined && message.reasoning_content !== '') out.reasoning_content = message.reasoning_content;
  return out;
}

/** The offered tools as plain OpenAI tool entries (no extra fields). */
export function exportTools(trajectory: TrajectoryRecord): OfferedTool[] {
  return trajectory.tools.map((t) => ({ type: 'function' as const, function: { ...t.function } }));
}

/** A tool's JSON schema (name, description, parameters), the shape LLaMA-Factory and TRL read. */
export function toolSchema(tool: OfferedTool): Record<string, unknown> {
  const { name, description, parameters } = tool.function;
  return {
    name,
    ...(description !== undefined ? { description } : {}),
    parameters: parameters ?? { type: 'object', properties: {} },
  };
}

/** The arguments as an object when they parse to one; otherwise the raw text (an invalid-arguments call). */
export function parsedArguments(text: string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : text;
  } catch {
    return text;
  }
}
