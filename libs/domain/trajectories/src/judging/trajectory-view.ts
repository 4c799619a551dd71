import type { JudgedTrajectory, WireMessage } from '@astra/contracts';

/** One tool call of a conversation, with where it was made and where (if anywhere) its tool message is. */
export interface ViewedCall {
  id: string;
  tool: string;
  arguments: string;
  /** Index of the assistant message that made the call. */
  turnIndex: number;
  /** Index of the tool message answering it; undefined when there is none. */
  resultIndex: number | undefined;
  result: string | undefined;
}

/** The calls and the final answer of a judged conversation, read once for every check. */
export interface TrajectoryView {
  calls: ViewedCall[];
  /** Tool messages answering no call of the conversation. */
  orphanResults: number[];
  /** Index of the final answer: the last message, when it is an assistant turn without tool calls. */
  finalIndex: number | undefined;
  finalAnswer: string;
}

function isFinalAnswer(message: WireMessage | undefined): boolean {
  return message !== undefined && message.role === 'assistant' && (message.tool_calls?.length ?? 0) === 0;
}

/** Reads the calls, their tool messages and the final answer out of an OpenAI conversation. */
export function viewTrajectory(trajectory: Pick<JudgedTrajectory, 'messages'>): TrajectoryView {
  const { messages } = trajectory;
  const calls: ViewedCall[] = [];
  const byId = new Map<string, ViewedCall>();
  const orphanResults: number[] = [];
  messages.forEach((message, index) => {
    if (message.role === 'assistant') {
      for (const call of message.tool_calls ?? []) {
        const viewed: ViewedCall = {
          id: call.id,
          tool: call.function.name,
          arguments: call.function.arguments,
          turnIndex: index,
          resultIndex: undefined,
          result: undefined,
        };
        calls.push(viewed);
        byId.set(call.id, viewed);
      }
    } else if (message.role === 'tool') {
      const call = message.tool_call_id === undefined ? undefined : byId.get(message.tool_call_id);
      if (call && call.resultIndex === undefined) {
        call.resultIndex = index;
        call.result = message.content ?? '';
      } else orphanResults.push(index);
    }
  });
  const lastIndex = messages.length - 1;
  const finalIndex = isFinalAnswer(messages[lastIndex]) ? lastIndex : undefined;
  const finalAnswer = finalIndex === undefined ? '' : (messages[finalIndex]?.content ?? '').trim();
  return { calls, orphanResults, finalIndex, finalAnswer };
}

/**
 * Whether a tool message reports a failure rather than a result: text starting with "error", or a JSON object with a
 * truthy `error` or `isError`. An agent may rightly move on from such a result without using it.
 */
export function isErrorResult(content: string): boolean {
  const text = content.trim();
  if (/^(error|exception|traceback)\b/i.test(text)) return true;
  if (!text.startsWith('{')) return false;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return Boolean(value['error']) || value['isError'] === true;
  } catch {
    return false;
  }
}
