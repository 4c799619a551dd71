import { randomUUID } from 'node:crypto';
import { BusError, type Envelope, type MessageDefinition, type ServiceName } from '@astra/contracts';
import { currentRunId } from '@astra/platform/logging';
import type { z } from 'zod';
import type { MessageContext, PublishOptions } from '../bus.types';
import { currentMessage } from './handler-scope';

/** Parses a value with a schema of the registry; a mismatch is a non-retryable VALIDATION_FAILED. */
export function parseWith(schema: z.ZodType, value: unknown, what: string): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new BusError('VALIDATION_FAILED', `${what} is invalid: ${issues.join('; ')}`, { details: result.error.issues });
}

/**
 * The envelope of a new message. The run is the one asked for, else that of the message being handled, else the run
 * context's (logging's runContext), else `defaultRunId` (the bus's), else a new one. Causation defaults to the message
 * being handled.
 */
export function newEnvelope(def: MessageDefinition, producer: ServiceName, options: PublishOptions = {}, defaultRunId?: string): Envelope {
  const parent = currentMessage();
  const causationId = options.causationId ?? parent?.id;
  return {
    id: options.id ?? randomUUID(),
    runId: options.runId ?? parent?.runId ?? currentRunId() ?? defaultRunId ?? randomUUID(),
    ...(causationId ? { causationId } : {}),
    producer,
    time: new Date().toISOString(),
    key: def.key,
  };
}

/** The context a handler receives for one delivery. */
export function messageContext(envelope: Envelope, deliveryCount: number, maxDeliver: number): MessageContext {
  return {
    id: envelope.id,
    runId: envelope.runId,
    ...(envelope.causationId ? { causationId: envelope.causationId } : {}),
    producer: envelope.producer,
    time: envelope.time,
    key: envelope.key,
    deliveryCount,
    lastDelivery: deliveryCount >= maxDeliver,
  };
}
