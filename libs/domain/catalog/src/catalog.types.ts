import type { Rejection } from '@astra/contracts';

/** A JSON Schema object, as plain data. */
export type JsonSchema = Record<string, unknown>;

/** A tool as read from a source, before validation: every field may be missing or malformed. */
export interface RawTool {
  readonly name: unknown;
  readonly description: unknown;
  readonly inputSchema: unknown;
  readonly outputSchema?: unknown;
}

/** A server (group of tools) as read from a source. */
export interface RawServer {
  readonly name: string;
  /** Where it came from: mcp-stdio, mcp-http, astra-jsonl, openai-tools. */
  readonly origin: string;
  readonly description?: string;
  /** Source-specific extras kept verbatim (ASTRA call_info, features). */
  readonly metadata?: Record<string, unknown>;
  /** 1-based line of the source row, for JSONL sources. */
  readonly line?: number;
  readonly tools: readonly RawTool[];
}

/** A tool normalised to the OpenAI tool schema. */
export interface CatalogTool {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the arguments; always `type: object`. */
  readonly parameters: JsonSchema;
  readonly outputSchema: JsonSchema | null;
  /** sha256 of the canonical JSON of the four fields above. */
  readonly contentHash: string;
}

/** A server that passed the filters, with its tools sorted by name. */
export interface CatalogServer {
  readonly name: string;
  readonly origin: string;
  readonly description: string;
  readonly metadata: Record<string, unknown>;
  readonly tools: readonly CatalogTool[];
  /** sha256 over name, description, metadata and the tool hashes. */
  readonly contentHash: string;
}

export type CatalogRejection = Rejection;

/** The OpenAI tool shape: { type: 'function', function: { name, description, parameters } }. */
export interface OpenAiTool {
  readonly type: 'function';
  readonly function: { readonly name: string; readonly description: string; readonly parameters: JsonSchema };
}
