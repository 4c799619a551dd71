import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlmTestServer, waitFor, type ScriptedRule } from '@astra/testing';
import { LlmClient, parseLlmConfig, type LlmConfigInput } from '../src';

export { LlmTestServer, waitFor };

/** A client whose retries sleep for no time and whose requested delays are recorded. */
export function makeClient(
  servers: LlmTestServer[],
  overrides: { maxConcurrency?: number; maxAttempts?: number; timeoutMs?: number; cache?: LlmConfigInput['cache'] } = {},
): { client: LlmClient; sleeps: number[] } {
  const sleeps: number[] = [];
  const config = parseLlmConfig({
    roles: {
      judge: {
        endpoints: servers.map((s) => ({ baseUrl: s.baseUrl, maxConcurrency: overrides.maxConcurrency ?? 8 })),
        model: 'test-model',
        params: { temperature: 0, seed: 7 },
        timeoutMs: overrides.timeoutMs ?? 5_000,
        retries: { maxAttempts: overrides.maxAttempts ?? 4, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 3_000 },
        price: { inputPerMTok: 1, outputPerMTok: 2 },
      },
      embed: { kind: 'embeddings', endpoints: servers.map((s) => ({ baseUrl: s.baseUrl })), model: 'test-embed' },
    },
    cache: overrides.cache ?? { mode: 'off' },
  });
  const client = new LlmClient(config, {
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { client, sleeps };
}

export async function startServer(rules: ScriptedRule[] = []): Promise<LlmTestServer> {
  const server = new LlmTestServer({ rules });
  await server.start(0);
  return server;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const CHAT = '/v1/chat/completions';
export const user = (content: string) => ({ messages: [{ role: 'user' as const, content }] });
