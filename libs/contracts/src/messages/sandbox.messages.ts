import { z } from 'zod';
import { defineRpc } from '../registry/message-definition';
import { IdRefSchema } from './paging';

/** Languages the verifier's sandbox runs: Python on Pyodide, JavaScript on QuickJS. */
export const SandboxLanguageSchema = z.enum(['python', 'javascript']);
export type SandboxLanguage = z.infer<typeof SandboxLanguageSchema>;

/** Per-call limits; any limit left out takes the verifier's configured default. */
export const SandboxLimitsSchema = z.object({
  timeMs: z.number().int().positive().max(600_000).optional(),
  memoryMb: z.number().int().positive().max(2048).optional(),
  outputBytes: z
    .number()
    .int()
    .positive()
    .max(16 * 1024 * 1024)
    .optional(),
});
export type SandboxLimits = z.infer<typeof SandboxLimitsSchema>;

/** How a call ended. Only `ok` means the code ran to completion without raising. */
export const SandboxStatusSchema = z.enum(['ok', 'error', 'timeout', 'memory', 'output_limit']);
export type SandboxStatus = z.infer<typeof SandboxStatusSchema>;

/** Seeded randomness and a fixed clock by default, so the same call gives the same result. */
export const DeterminismSchema = z.object({
  seed: z.number().int().nonnegative().default(0),
  /** `fixed`: time functions return `fixedTime`; `real`: the host clock (the run is then not reproducible). */
  clock: z.enum(['fixed', 'real']).default('fixed'),
  fixedTime: z.iso.datetime().default('2025-01-01T00:00:00.000Z'),
});
export type Determinism = z.infer<typeof DeterminismSchema>;

export const SandboxErrorInfoSchema = z.object({
  /** Exception class, e.g. ZeroDivisionError, TypeError, MemoryError, KeyboardInterrupt. */
  type: z.string(),
  message: z.string(),
  traceback: z.string().optional(),
});

export const SandboxResultSchema = z.object({
  status: SandboxStatusSchema,
  stdout: z.string(),
  stderr: z.string(),
  /** JSON value returned by a tool (tool calls only; a snippet's value is its output). */
  value: z.unknown().optional(),
  error: SandboxErrorInfoSchema.optional(),
  /** How long the code itself ran, from when a worker started it. */
  durationMs: z.number().nonnegative(),
  /** How long the call waited for a free worker before that (a busy pool); not part of durationMs. */
  queuedMs: z.number().nonnegative().optional(),
  /** Set when a determinism check was asked for: whether a second run gave the same result. */
  deterministic: z.boolean().optional(),
});
export type SandboxResult = z.infer<typeof SandboxResultSchema>;

/** One tool of an environment: its code defines a function called `name`, called with the JSON arguments. */
export const SandboxToolSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  description: z.string().optional(),
  /** JSON schema of the arguments (documentation; the sandbox passes arguments through). */
  parameters: z.record(z.string(), z.unknown()).optional(),
  code: z.string().min(1),
});
export type SandboxTool = z.infer<typeof SandboxToolSchema>;

/** A self-contained environment: shared setup code (state, helpers) and its tools, in one language. */
export const EnvironmentBundleSchema = z.object({
  language: SandboxLanguageSchema,
  setup: z.string().optional(),
  tools: z.array(SandboxToolSchema).min(1),
  determinism: DeterminismSchema.partial().optional(),
});
export type EnvironmentBundle = z.infer<typeof EnvironmentBundleSchema>;

const ExecutePayload = z.object({
  language: SandboxLanguageSchema,
  code: z.string(),
  stdin: z.string().optional(),
  limits: SandboxLimitsSchema.optional(),
  determinism: DeterminismSchema.partial().optional(),
  /** Run twice and report whether both results match. */
  checkDeterminism: z.boolean().optional(),
});

const OpenPayload = z
  .object({
    /** The bundle itself, or the hash of one opened before (warm bundles are cached by content hash). */
    bundle: EnvironmentBundleSchema.optional(),
    bundleHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    limits: SandboxLimitsSchema.optional(),
  })
  .refine((p) => p.bundle !== undefined || p.bundleHash !== undefined, { message: 'bundle or bundleHash is required' });

export const SANDBOX_MESSAGES = {
  'sandbox.code.execute': defineRpc({
    key: 'sandbox.code.execute',
    subject: 'astra.rpc.sandbox.code.execute.v1',
    producers: ['cli', 'rollout-broker', 'trajectory-synth', 'env-compiler'],
    consumers: ['verifier'],
    description: 'Run a snippet in a fresh sandbox; a sandbox fault is a SANDBOX_FAULT error, never a result.',
    payload: ExecutePayload,
    response: SandboxResultSchema,
    timeoutMs: 60_000,
  }),
  'sandbox.session.open': defineRpc({
    key: 'sandbox.session.open',
    subject: 'astra.rpc.sandbox.session.open.v1',
    producers: ['cli', 'rollout-broker', 'trajectory-synth', 'env-compiler'],
    consumers: ['verifier'],
    description: 'Open an environment session: load (or reuse) the bundle and run its setup in a fresh state.',
    payload: OpenPayload,
    response: z.object({
      sessionId: z.string(),
      bundleHash: z.string(),
      tools: z.array(z.string()),
      /** The setup code's outcome; the session is usable only when it is `ok`. */
      setup: SandboxResultSchema,
    }),
    timeoutMs: 60_000,
  }),
  'sandbox.tool.call': defineRpc({
    key: 'sandbox.tool.call',
    subject: 'astra.rpc.sandbox.tool.call.v1',
    producers: ['cli', 'rollout-broker', 'trajectory-synth', 'env-compiler'],
    consumers: ['verifier'],
    description: 'Call one tool of an open session with JSON arguments; sees the state earlier calls left.',
    payload: z.object({
      sessionId: IdRefSchema,
      tool: z.string().min(1),
      arguments: z.record(z.string(), z.unknown()).default({}),
      limits: SandboxLimitsSchema.optional(),
      checkDeterminism: z.boolean().optional(),
    }),
    response: SandboxResultSchema,
    timeoutMs: 60_000,
  }),
  'sandbox.session.close': defineRpc({
    key: 'sandbox.session.close',
    subject: 'astra.rpc.sandbox.session.close.v1',
    producers: ['cli', 'rollout-broker', 'trajectory-synth', 'env-compiler'],
    consumers: ['verifier'],
    description: 'Close a session and drop its state; closing an unknown session answers closed=false.',
    payload: z.object({ sessionId: IdRefSchema }),
    response: z.object({ closed: z.boolean() }),
  }),
} as const;
