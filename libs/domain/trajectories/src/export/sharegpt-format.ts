import type { TaskRecord, TrajectoryRecord } from '@astra/contracts';
import {
  exportConversation,
  parsedArguments,
  toolSchema,
  type ExportAssistantMessage,
  type ExportMessage,
} from './export-conversation.util';

/** One ShareGPT turn as LLaMA-Factory reads it for tool use. */
export interface ShareGptTurn {
  from: 'human' | 'gpt' | 'function_call' | 'observation';
  value: string;
}

/** One SFT line in LLaMA-Factory's ShareGPT layout: turns, an optional system prompt, and tools as a JSON string. */
export interface ShareGptRecord {
  conversations: ShareGptTurn[];
  system?: string;
  /** JSON text of the tools' schemas ({name, description, parameters}). */
  tools: string;
}

/**
 * The trajectory in LLaMA-Factory's ShareGPT tool-use layout. LLaMA-Factory wants turns that alternate
 * (human|observation, then gpt|function_call), so parallel calls become one function_call whose value is a JSON list
 * of {name, arguments}, and their results one observation (the lone result's text, or a JSON list of the results in
 * call order). Reasoning goes in front of the value as <think>...</think>; LLaMA-Factory strips that block before it
 * parses a function_call's JSON, so the text an assistant wrote beside its calls joins the think block there.
 */
export function toShareGptRecord(trajectory: TrajectoryRecord, task: TaskRecord): ShareGptRecord {
  const messages = exportConversation(trajectory, task);
  const conversations: ShareGptTurn[] = [];
  let pendingResults: string[] = [];
  const flushResults = (): void => {
    if (pendingResults.length === 0) return;
    const value = pendingResults.length === 1 ? (pendingResults[0] ?? '') : JSON.stringify(pendingResults);
    conversations.push({ from: 'observation', value });
    pendingResults = [];
  };
  for (const message of messages) {
    if (message.role === 'tool') {
      pendingResults.push(message.content);
      continue;
    }
    flushResults();
    const turn = shareGptTurn(message);
    if (turn) conversations.push(turn);
  }
  flushResults();
  const system = messages.find((m) => m.role === 'system');
  const tools = JSON.stringify(trajectory.tools.map(toolSchema));
  return system ? { conversations, system: system.content, tools } : { conversations, tools };
}

function shareGptTurn(message: ExportMessage): ShareGptTurn | undefined {
  if (message.role === 'user') return { from: 'human', value: message.content };
  if (message.role !== 'assistant') return undefined;
  return message.tool_calls && message.tool_calls.length > 0 ? functionCallTurn(message) : answerTurn(message);
}

function answerTurn(message: ExportAssistantMessage): ShareGptTurn {
  return { from: 'gpt', value: withThought(message.reasoning_content, message.content ?? '') };
}

function functionCallTurn(message: ExportAssistantMessage): ShareGptTurn {
  const calls = (message.tool_calls ?? []).map((c) => ({ name: c.function.name, arguments: parsedArguments(c.function.arguments) }));
  const json = JSON.stringify(calls.length === 1 ? calls[0] : calls);
  const thought = [message.reasoning_content, message.content].filter((t): t is string => t !== undefined && t !== null && t !== '');
  return { from: 'function_call', value: withThought(thought.length > 0 ? thought.join('\n\n') : undefined, json) };
}

function withThought(thought: string | undefined, value: string): string {
  return thought === undefined ? value : `<think>\n${thought}\n</think>\n\n${value}`;
}
