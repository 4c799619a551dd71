import { z } from 'zod';

/** One line the worker writes to stdout (see worker/PROTOCOL.md): a response to a request, or an event of one. */
export const WorkerLineSchema = z.union([
  z.object({ id: z.number().int().nullable(), ok: z.literal(true), result: z.record(z.string(), z.unknown()) }),
  z.object({ id: z.number().int().nullable(), ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
  z.looseObject({ event: z.string(), id: z.number().int() }),
]);
export type WorkerLine = z.infer<typeof WorkerLineSchema>;

/** An event the worker sent while a request ran: its name and its fields. */
export interface WorkerEvent {
  readonly event: string;
  readonly id: number;
  readonly [field: string]: unknown;
}

/** How a worker process ended. */
export interface WorkerExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/** The worker answered a request with an error (BAD_REQUEST, DATA, STATE, INTERNAL). */
export class WorkerRequestError extends Error {
  constructor(
    readonly op: string,
    readonly code: string,
    message: string,
  ) {
    super(`worker ${op} failed (${code}): ${message}`);
    this.name = 'WorkerRequestError';
  }
}

/** The worker process ended (or could not start) while a request was waiting for its answer. */
export class WorkerExitedError extends Error {
  constructor(
    readonly op: string,
    readonly exit: WorkerExit,
  ) {
    super(`the training worker exited during ${op} (${describeExit(exit)})`);
    this.name = 'WorkerExitedError';
  }
}

export function describeExit(exit: WorkerExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
}

export const InitResultSchema = z.looseObject({
  parameters: z.number().int(),
  vocabulary: z.number().int(),
  step: z.number().int(),
  context: z.number().int(),
});
export type InitResult = z.infer<typeof InitResultSchema>;

export const SftResultSchema = z.looseObject({
  step: z.number().int(),
  loss: z.number().nullable().optional(),
  validationLoss: z.number().nullable().optional(),
  examples: z.number().int().optional(),
  skipped: z.number().int().optional(),
  tokens: z.number().int().optional(),
});

export const GrpoStepResultSchema = z.looseObject({
  step: z.number().int(),
  loss: z.number().nullable().optional(),
  tokens: z.number().int().optional(),
  tokensPerSecond: z.number().nullable().optional(),
  groups: z.number().int().optional(),
  episodes: z.number().int().optional(),
  skippedGroups: z.number().int().optional(),
  clipFraction: z.number().nullable().optional(),
  version: z.string().optional(),
});
export type GrpoStepResult = z.infer<typeof GrpoStepResultSchema>;

export const SaveResultSchema = z.looseObject({ path: z.string(), step: z.number().int(), bytes: z.number().int().optional() });
export const ServeResultSchema = z.looseObject({ url: z.string() });
export const AnyResultSchema = z.record(z.string(), z.unknown());

/** Events of `sft`. */
export const StepEventSchema = z.looseObject({
  step: z.number().int(),
  loss: z.number().nullable().optional(),
  learningRate: z.number().nullable().optional(),
  tokensPerSecond: z.number().nullable().optional(),
});
export const ValidationEventSchema = z.looseObject({ step: z.number().int(), validationLoss: z.number().nullable() });
export const CheckpointEventSchema = z.looseObject({ step: z.number().int(), path: z.string() });
