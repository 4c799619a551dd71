import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLError } from 'yaml';
import { z } from 'zod';
import { BusError } from '@astra/contracts';
import { documentSecrets, redactSecrets } from '@astra/platform/config';

export const LlmEndpointSchema = z.object({
  /** OpenAI-style base URL including the version prefix, e.g. `http://localhost:8000/v1`. */
  baseUrl: z.url(),
  apiKey: z.string().min(1).optional(),
  maxConcurrency: z.number().int().positive().default(8),
});

export const RetryPolicySchema = z.object({
  maxAttempts: z.number().int().min(1).max(20).default(4),
  baseDelayMs: z.number().int().nonnegative().default(250),
  maxDelayMs: z.number().int().nonnegative().default(10_000),
  /** Retry-After is honoured up to this many milliseconds. */
  maxRetryAfterMs: z.number().int().nonnegative().default(30_000),
});

export const SamplingParamsSchema = z.looseObject({
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
  stop: z.array(z.string()).optional(),
  presence_penalty: z.number().optional(),
  frequency_penalty: z.number().optional(),
});

export const LlmRoleSchema = z.object({
  kind: z.enum(['chat', 'embeddings']).default('chat'),
  endpoints: z.array(LlmEndpointSchema).min(1),
  model: z.string().min(1),
  params: SamplingParamsSchema.default({}),
  timeoutMs: z.number().int().positive().default(60_000),
  retries: RetryPolicySchema.default(RetryPolicySchema.parse({})),
  price: z.object({ inputPerMTok: z.number().nonnegative(), outputPerMTok: z.number().nonnegative() }).optional(),
  /** Written as `gen_ai.system` on spans. */
  system: z.string().default('openai'),
  /** Parse tool calls written in text when the server returns none natively. */
  textToolCalls: z.boolean().default(true),
});

export const CacheModeSchema = z.enum(['off', 'read-write', 'record', 'replay']);

export const LlmConfigSchema = z.object({
  roles: z.record(z.string().min(1), LlmRoleSchema),
  cache: z
    .object({ dir: z.string().min(1).optional(), mode: CacheModeSchema.default('off') })
    .default({ mode: 'off' })
    .refine((c) => c.mode === 'off' || c.dir !== undefined, { message: 'cache.dir is required unless mode is off' }),
});

export type LlmEndpointConfig = z.infer<typeof LlmEndpointSchema>;
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;
export type LlmRoleConfig = z.infer<typeof LlmRoleSchema>;
export type CacheMode = z.infer<typeof CacheModeSchema>;
export type LlmConfig = z.infer<typeof LlmConfigSchema>;
/** The config as written in a file, before defaults are applied. */
export type LlmConfigInput = z.input<typeof LlmConfigSchema>;

/**
 * Validates an already-parsed config object; throws VALIDATION_FAILED with the issues, each a path and a message,
 * with every API key and URL credential of the config replaced by [redacted].
 */
export function parseLlmConfig(raw: unknown): LlmConfig {
  const parsed = LlmConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const secrets = documentSecrets(raw);
    const issues = parsed.error.issues.map((i) => redactSecrets(`${i.path.join('.') || '(root)'}: ${i.message}`, secrets));
    throw new BusError('VALIDATION_FAILED', `invalid LLM config: ${issues.join('; ')}`, { details: issues });
  }
  return Object.freeze(parsed.data);
}

/** What went wrong and where, never the text there: the parsers' messages quote the line, which may hold a key. */
function describeSyntaxError(error: unknown): string {
  if (error instanceof YAMLError) {
    const at = error.linePos?.[0];
    return at === undefined ? error.code : `${error.code} at line ${at.line}, column ${at.col}`;
  }
  return `${error instanceof Error ? error.name : 'an error'} while reading it`;
}

/** Parses config text, YAML or JSON (YAML is a superset of JSON). A syntax error is reported by code and position. */
export function parseLlmConfigText(text: string): LlmConfig {
  let raw: unknown;
  try {
    // Warnings are not printed: they quote tags and aliases from the text.
    raw = parseYaml(text, { logLevel: 'error' });
  } catch (error) {
    // No cause either: loggers print it, message and all.
    throw new BusError('VALIDATION_FAILED', `LLM config is not valid YAML/JSON: ${describeSyntaxError(error)}`);
  }
  return parseLlmConfig(raw);
}

/**
 * Loads the config from what a service's *.config.ts found: a file path (YAML or JSON) or inline text
 * (typically an env var holding JSON). Exactly one of the two must be given.
 */
export function loadLlmConfig(source: { file?: string; inline?: string }): LlmConfig {
  if ((source.file === undefined) === (source.inline === undefined)) {
    throw new BusError('VALIDATION_FAILED', 'LLM config: give exactly one of a file path or inline text');
  }
  if (source.inline !== undefined) return parseLlmConfigText(source.inline);
  let text: string;
  try {
    text = readFileSync(source.file as string, 'utf8');
  } catch (error) {
    throw new BusError('VALIDATION_FAILED', `cannot read LLM config ${source.file}: ${String(error)}`, { cause: error });
  }
  return parseLlmConfigText(text);
}
