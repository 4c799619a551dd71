import { z } from 'zod';
import { SERVICE_NAMES } from './registry/message-definition';

/** Metadata every message carries next to its payload (as NATS headers on the wire). */
export const EnvelopeSchema = z.object({
  /** Unique per logical message; the JetStream message id, so a re-publish is dropped as a duplicate. */
  id: z.string().min(1),
  /** The pipeline run the message belongs to. */
  runId: z.string().min(1),
  /** Id of the message that caused this one, if any. */
  causationId: z.string().optional(),
  producer: z.enum(SERVICE_NAMES),
  /** ISO-8601 time of the first publish. */
  time: z.string(),
  key: z.string(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** Header names that carry the envelope on NATS. */
export const ENVELOPE_HEADERS = {
  id: 'Nats-Msg-Id',
  runId: 'Astra-Run-Id',
  causationId: 'Astra-Causation-Id',
  producer: 'Astra-Producer',
  time: 'Astra-Time',
  key: 'Astra-Key',
  errorCode: 'Astra-Error-Code',
  errorMessage: 'Astra-Error-Message',
  errorRetryable: 'Astra-Error-Retryable',
} as const;

/** A large payload stored in the artifact store; messages carry this reference instead of the bytes. */
export const ArtifactRefSchema = z.object({
  key: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  contentType: z.string().optional(),
});
export type ArtifactRef = z.infer<typeof ArtifactRefSchema>;
