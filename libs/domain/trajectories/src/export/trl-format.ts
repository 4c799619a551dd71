import type { TaskRecord, TrajectoryRecord } from '@astra/contracts';
import { exportConversation, parsedArguments, toolSchema, type ExportMessage } from './export-conversation.util';

/** A tool call as TRL's conversational tool-calling data writes it: arguments as an object. */
export interface TrlToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: Record<string, unknown> | string };
}

/** One message of a TRL conversation. */
export type TrlMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; tool_calls?: TrlToolCall[]; reasoning_content?: string }
  | { role: 'tool'; name: string; tool_call_id: string; content: string };

/** One SFT line as TRL's SFTTrainer reads conversational tool-calling data: messages plus tools (JSON schemas). */
export interface TrlRecord {
  messages: TrlMessage[];
  tools: Array<{ type: 'function'; function: Record<string, unknown> }>;
}

/**
 * The trajectory as TRL reads it: chat templates render tool calls from argument objects (an argument text that is
 * not a JSON object stays text), tool messages carry the tool's name, and content is never null.
 */
export function toTrlRecord(trajectory: TrajectoryRecord, task: TaskRecord): TrlRecord {
  const conversation = exportConversation(trajectory, task);
  const names = new Map<string, string>();
  const messages = conversation.map((m) => trlMessage(m, names));
  const tools = trajectory.tools.map((t) => ({ type: 'function' as const, function: toolSchema(t) }));
  return { messages, tools };
}

function trlMessage(message: ExportMessage, names: Map<string, string>): TrlMessage {
  if (message.role === 'tool') {
    return { role: 'tool', name: names.get(message.tool_call_id) ?? '', tool_call_id: message.tool_call_id, content: message.content };
  }
  if (message.role !== 'assistant') return { role: message.role, content: message.content };
  const out: TrlMessage = { role: 'assistant', content: message.content ?? '' };
  if (message.tool_calls) {
    out.tool_calls = message.tool_calls.map((c) => {
      names.set(c.id, c.function.name);
      return { id: c.id, type: 'function' as const, function: { name: c.function.name, arguments: parsedArguments(c.function.arguments) } };
    });
  }
  if (message.reasoning_content !== undefined) out.reasoning_content = message.reasoning_content;
  return out;
}
