import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import { BusError, ENVELOPE_HEADERS, EnvelopeSchema, isErrorCode, type Envelope } from '@astra/contracts';
import type { HeaderCarrier } from '../telemetry/bus-telemetry';

/** Extra headers a dead letter carries next to the original ones. */
export const DEAD_LETTER_HEADERS = {
  originalSubject: 'Astra-Dlq-Subject',
  originalId: 'Astra-Dlq-Message-Id',
  deliveryCount: 'Astra-Dlq-Delivery-Count',
  consumer: 'Astra-Dlq-Consumer',
  stream: 'Astra-Dlq-Stream',
  streamSequence: 'Astra-Dlq-Stream-Seq',
} as const;

/** The envelope as NATS headers (the id becomes Nats-Msg-Id). */
export function envelopeHeaders(envelope: Envelope): MsgHdrs {
  const h = natsHeaders();
  h.set(ENVELOPE_HEADERS.id, envelope.id);
  h.set(ENVELOPE_HEADERS.runId, envelope.runId);
  if (envelope.causationId) h.set(ENVELOPE_HEADERS.causationId, envelope.causationId);
  h.set(ENVELOPE_HEADERS.producer, envelope.producer);
  h.set(ENVELOPE_HEADERS.time, envelope.time);
  h.set(ENVELOPE_HEADERS.key, envelope.key);
  return h;
}

/** Reads the envelope back; a message without a valid envelope is a VALIDATION_FAILED. */
export function readEnvelope(h: MsgHdrs | undefined): Envelope {
  const read = (name: string) => (h?.has(name) ? h.get(name) : undefined);
  const parsed = EnvelopeSchema.safeParse({
    id: read(ENVELOPE_HEADERS.id),
    runId: read(ENVELOPE_HEADERS.runId),
    causationId: read(ENVELOPE_HEADERS.causationId),
    producer: read(ENVELOPE_HEADERS.producer),
    time: read(ENVELOPE_HEADERS.time),
    key: read(ENVELOPE_HEADERS.key),
  });
  if (parsed.success) return parsed.data;
  throw new BusError('VALIDATION_FAILED', `message envelope is invalid: ${parsed.error.message}`);
}

/** Writes an error into headers (RPC replies and dead letters). */
export function writeError(h: MsgHdrs, error: BusError): void {
  h.set(ENVELOPE_HEADERS.errorCode, error.code);
  // Header values cannot hold line breaks.
  h.set(ENVELOPE_HEADERS.errorMessage, error.message.replace(/[\r\n]+/g, ' ').slice(0, 2000));
  h.set(ENVELOPE_HEADERS.errorRetryable, String(error.retryable));
}

/** The error an RPC reply carries, if any. */
export function readError(h: MsgHdrs | undefined): BusError | undefined {
  if (!h?.has(ENVELOPE_HEADERS.errorCode)) return undefined;
  const code = h.get(ENVELOPE_HEADERS.errorCode);
  const message = h.get(ENVELOPE_HEADERS.errorMessage) || 'remote handler failed';
  const retryable = h.get(ENVELOPE_HEADERS.errorRetryable) === 'true';
  if (!isErrorCode(code)) return new BusError('INTERNAL', `${code}: ${message}`, { retryable });
  return new BusError(code, message, { retryable });
}

/** Adapts NATS headers for trace context propagation. */
export function headerCarrier(h: MsgHdrs | undefined): HeaderCarrier {
  return {
    get: (key) => (h?.has(key) ? h.get(key) : undefined),
    set: (key, value) => h?.set(key, value),
    keys: () => h?.keys() ?? [],
  };
}
