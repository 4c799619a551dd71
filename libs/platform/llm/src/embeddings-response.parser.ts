import { z } from 'zod';
import { BusError } from '@astra/contracts';

const EmbeddingsSchema = z.object({
  data: z.array(z.object({ embedding: z.array(z.number()), index: z.number().int().nonnegative().optional() })),
  usage: z.object({ prompt_tokens: z.number().nullish() }).nullish(),
});

/** Vectors in input order from an OpenAI `/v1/embeddings` body; a count mismatch is an error, never padded. */
export function embeddingVectors(body: unknown, expected: number): { vectors: number[][]; inputTokens: number } {
  const parsed = EmbeddingsSchema.safeParse(body);
  if (!parsed.success || parsed.data.data.length !== expected) {
    throw new BusError('LLM_UNAVAILABLE', `embeddings answer of an unexpected shape (wanted ${expected} vectors)`, {
      retryable: false,
      details: parsed.success ? { got: parsed.data.data.length } : parsed.error.issues,
    });
  }
  const items = [...parsed.data.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  return { vectors: items.map((i) => i.embedding), inputTokens: parsed.data.usage?.prompt_tokens ?? 0 };
}
