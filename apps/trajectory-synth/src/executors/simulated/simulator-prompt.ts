import type { OfferedTool } from '@astra/contracts';
import type { ChatRequest } from '@astra/platform/llm';
import { z } from 'zod';

/** One earlier call of the trajectory and what the simulated tool answered (its state, passed back explicitly). */
export interface SimulatedCall {
  readonly tool: string;
  readonly arguments: Record<string, unknown>;
  readonly result: string;
}

/** Marks the simulator's system prompt (test servers match on it). */
export const SIMULATOR_MARKER = '[astra:tool-simulator]';

/** The simulator's answer: {"result": ...}; the key must be there (null is a result, a missing key is not). */
export const SimulatorAnswerSchema = z
  .object({ result: z.unknown() })
  .refine((answer) => 'result' in answer, { message: 'the "result" key is missing' });

const SYSTEM = `${SIMULATOR_MARKER} You simulate one tool of a software system. Answer as the real tool would: realistic,
consistent with every earlier call listed (what they returned or changed is the current state), and with the arguments given.
Reply with only a JSON object {"result": <the tool's output>}, no prose and no code fences. When the arguments are wrong for
the tool, the result is an error object such as {"error": "..."}.`;

/** The request for one simulated call: the tool's schema and description, every earlier call with its result, this call. */
export function simulatorRequest(tool: OfferedTool, history: readonly SimulatedCall[], args: Record<string, unknown>): ChatRequest {
  const earlier =
    history.length === 0
      ? 'No earlier calls in this session.'
      : history
          .map((c, i) => `${i + 1}. ${c.tool}(${JSON.stringify(c.arguments)}) -> ${c.result === '' ? '(empty result)' : c.result}`)
          .join('\n');
  const user = [
    `Tool: ${tool.function.name}`,
    `Description: ${tool.function.description ?? '(none)'}`,
    `Parameters (JSON Schema): ${JSON.stringify(tool.function.parameters ?? {})}`,
    `Earlier calls in this session, in order:\n${earlier}`,
    `Now called with: ${JSON.stringify(args)}`,
  ].join('\n\n');
  return {
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: user },
    ],
  };
}

/** The tool message's content for a simulated result: a string as is, anything else as JSON. */
export function resultText(result: unknown): string {
  return typeof result === 'string' ? result : JSON.stringify(result ?? null);
}
