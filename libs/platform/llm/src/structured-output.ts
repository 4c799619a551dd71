import { z } from 'zod';
import { BusError } from '@astra/contracts';
import { extractJson } from './json-extract';
import type { ChatRequest, ChatResult } from './llm.types';

/** A validated value and the answer it came from. */
export interface StructuredResult<T> {
  value: T;
  /** 1, or 2 when the first answer needed the repair turn. */
  attempts: number;
  result: ChatResult;
}

type Check<T> = { ok: true; value: T } | { ok: false; error: string };

/** Extracts JSON from an answer and validates it against the schema; never fills in a missing value. */
export function checkStructured<T>(schema: z.ZodType<T>, result: ChatResult): Check<T> {
  if (result.thinkUnclosed && result.content.length === 0) {
    return { ok: false, error: 'the answer was cut off inside a <think> block; no JSON answer was given' };
  }
  const extracted = extractJson(result.content);
  if (!extracted.ok) return { ok: false, error: extracted.error };
  const parsed = schema.safeParse(extracted.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { ok: false, error: `the JSON does not match the schema: ${issues.join('; ')}` };
}

function schemaText(schema: z.ZodType): string {
  try {
    return `\nThe required JSON Schema:\n${JSON.stringify(z.toJSONSchema(schema))}`;
  } catch {
    return ''; // some zod types (transforms, custom checks) have no JSON Schema form
  }
}

/** The conversation for the one repair attempt: the bad answer and what was wrong with it. */
export function repairRequest(request: ChatRequest, bad: ChatResult, error: string, schema: z.ZodType): ChatRequest {
  const prompt =
    `Your previous answer could not be used: ${error}.\n` +
    `Reply again with only the corrected JSON value, no prose and no code fences.${schemaText(schema)}`;
  return {
    ...request,
    messages: [...request.messages, { role: 'assistant', content: bad.content }, { role: 'user', content: prompt }],
  };
}

/**
 * Asks for a value matching `schema`: one call, and on an invalid answer one repair call with the validation error.
 * A second invalid answer fails with LLM_OUTPUT_INVALID (callers record it as an unknown outcome, never a pass).
 */
export async function requestStructured<T>(
  chat: (request: ChatRequest) => Promise<ChatResult>,
  schema: z.ZodType<T>,
  request: ChatRequest,
): Promise<StructuredResult<T>> {
  const first = await chat(request);
  const firstCheck = checkStructured(schema, first);
  if (firstCheck.ok) return { value: firstCheck.value, attempts: 1, result: first };
  const second = await chat(repairRequest(request, first, firstCheck.error, schema));
  const secondCheck = checkStructured(schema, second);
  if (secondCheck.ok) return { value: secondCheck.value, attempts: 2, result: second };
  throw new BusError('LLM_OUTPUT_INVALID', `model answer invalid after a repair attempt: ${secondCheck.error}`, {
    details: { errors: [firstCheck.error, secondCheck.error], lastAnswer: second.content.slice(0, 2000) },
  });
}
