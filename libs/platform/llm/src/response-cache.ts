import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BusError, contentHash } from '@astra/contracts';
import type { CacheMode } from './llm-config.schema';

/** What makes two calls the same call: everything that can change the model's answer. */
export interface CacheKeyInput {
  operation: 'chat' | 'embeddings';
  model: string;
  messages?: unknown;
  input?: unknown;
  tools?: unknown;
  toolChoice?: unknown;
  responseFormat?: unknown;
  /** Sampling parameters, seed included. */
  params?: unknown;
}

/** The content address of a call: sha256 over canonical JSON (key order never matters). */
export function cacheKey(input: CacheKeyInput): string {
  return contentHash({ v: 1, ...input });
}

/**
 * A persistent, content-addressed store of model answers, one JSON file per key under `dir/<2 hex>/<key>.json`.
 * Modes: `read-write` serves hits and stores misses; `record` always calls and stores; `replay` serves hits and
 * turns a miss into an error so no network call is ever made; `off` does nothing.
 */
export class ResponseCache {
  private readonly madeDirs = new Set<string>();
  private tmpCounter = 0;

  constructor(
    readonly mode: CacheMode,
    private readonly dir: string | undefined,
  ) {}

  get reads(): boolean {
    return this.mode === 'read-write' || this.mode === 'replay';
  }

  get writes(): boolean {
    return this.mode === 'read-write' || this.mode === 'record';
  }

  /** The stored value, undefined on a miss; in replay mode a miss throws. */
  async get<T>(key: string): Promise<T | undefined> {
    if (!this.reads || this.dir === undefined) return undefined;
    try {
      const text = await readFile(this.pathOf(key), 'utf8');
      return (JSON.parse(text) as { value: T }).value;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw BusError.from(error);
      if (this.mode === 'replay') {
        throw new BusError('LLM_UNAVAILABLE', `replay mode: no recorded answer for call ${key}`, {
          retryable: false,
          details: { key },
        });
      }
      return undefined;
    }
  }

  async put(key: string, value: unknown): Promise<void> {
    if (!this.writes || this.dir === undefined) return;
    const sub = join(this.dir, key.slice(0, 2));
    if (!this.madeDirs.has(sub)) {
      await mkdir(sub, { recursive: true });
      this.madeDirs.add(sub);
    }
    // Write then rename, so a crash never leaves a half-written entry that a later run would read.
    const tmp = join(sub, `.${key}.${process.pid}.${this.tmpCounter++}.tmp`);
    await writeFile(tmp, JSON.stringify({ key, storedAt: new Date().toISOString(), value }));
    await rename(tmp, this.pathOf(key));
  }

  private pathOf(key: string): string {
    return join(this.dir as string, key.slice(0, 2), `${key}.json`);
  }
}
