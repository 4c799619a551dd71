import { z } from 'zod';
import { ArtifactRefSchema } from '../envelope';
import { defineCommand, defineRpc } from '../registry/message-definition';
import { STREAMS } from '../registry/streams';
import { ClientIdSchema, IdRefSchema, ID_MAX_LENGTH, NextCursorSchema, pageRequest } from './paging';

/** The name of an MCP server that graph-miner is configured to start (its MCP_SERVERS allow-list). */
export const McpServerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'must be 1 to 128 letters, digits, "_", "." or "-", starting with a letter or digit');

/** Where a tool catalog comes from. Files travel as artifacts so the importer need not share a disk with the CLI. */
export const CatalogSourceSchema = z.discriminatedUnion('type', [
  // Strict: a message names a server of the allow-list and never carries a command line, arguments, environment or
  // working directory; one that does is refused on publish and on consume, not stripped.
  z.strictObject({
    type: z.literal('mcp-stdio'),
    name: McpServerNameSchema,
    timeoutMs: z.number().int().positive().max(600_000).optional(),
  }),
  z.object({
    type: z.literal('mcp-http'),
    name: z.string().min(1),
    url: z.url(),
    headers: z.record(z.string(), z.string()).optional(),
    timeoutMs: z.number().int().positive().optional(),
  }),
  // Both file types are read by shape (ASTRA rows, a JSON list of tools, or tools one per line): the type is a hint.
  z.object({
    type: z.literal('astra-jsonl'),
    filename: z.string(),
    artifact: ArtifactRefSchema,
    /** Server name for a file that carries none (tools one per line); ASTRA rows keep their own names. */
    server: z.string().min(1).max(ID_MAX_LENGTH).optional(),
  }),
  z.object({
    type: z.literal('openai-tools'),
    filename: z.string(),
    artifact: ArtifactRefSchema,
    /** Server name for the tools; defaults to the file name without extension. */
    server: z.string().optional(),
  }),
]);
export type CatalogSource = z.infer<typeof CatalogSourceSchema>;

export const ImportStatusSchema = z.enum(['pending', 'running', 'completed', 'failed']);

/** Why a server or tool was left out of the catalog. */
export const RejectionSchema = z.object({
  server: z.string(),
  tool: z.string().optional(),
  /** server_failed: the whole server could not be normalised or stored (nested too deeply, a value the database refuses). */
  reason: z.enum([
    'too_few_tools',
    'missing_description',
    'unmappable_schema',
    'malformed_line',
    'duplicate_tool',
    'source_failed',
    'server_failed',
  ]),
  detail: z.string(),
  line: z.number().int().positive().optional(),
});
export type Rejection = z.infer<typeof RejectionSchema>;

/** What one import did with one server. */
export const ImportedServerSchema = z.object({
  name: z.string(),
  /** new: first version; changed: stored as a new version; unchanged: same content hash as the latest version. */
  outcome: z.enum(['new', 'changed', 'unchanged']),
  version: z.number().int(),
  toolsImported: z.number().int(),
  toolsNewVersions: z.number().int(),
  toolsUnchanged: z.number().int(),
});
export type ImportedServer = z.infer<typeof ImportedServerSchema>;

/** A source that could not be read. */
export const SourceErrorSchema = z.object({ source: z.string(), code: z.string(), message: z.string() });

/** How many servers, rejections and errors an import's status carries; catalog.import.entries pages through all. */
export const IMPORT_STATUS_PREVIEW = 20;

/**
 * Progress and report of one import. As catalog.import.status answers it, `servers`, `rejections` and `errors` are
 * the first IMPORT_STATUS_PREVIEW of each (their totals say how many there are), so polling a large import stays
 * cheap and the reply small; the CLI pages in the rest for its final report, which then holds them all.
 */
export const ImportReportSchema = z.object({
  importId: z.string(),
  status: ImportStatusSchema,
  sources: z.number().int(),
  serversSeen: z.number().int(),
  serversImported: z.number().int(),
  toolsImported: z.number().int(),
  /** Tools whose content changed since the last import, stored as new versions. */
  toolsNewVersions: z.number().int(),
  /** Tools already stored with the same content hash. */
  toolsUnchanged: z.number().int(),
  /** Servers and tools left out, with reasons, in the order they were recorded (the first ones; see rejectionsTotal). */
  rejections: z.array(RejectionSchema),
  rejectionsTotal: z.number().int(),
  /** Sources that could not be read (the first ones; see errorsTotal). An import with some is still completed. */
  errors: z.array(SourceErrorSchema),
  errorsTotal: z.number().int(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** Servers stored so far out of the servers that passed the filters (total is 0 while sources are read). */
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  /** Per-server outcomes, in the order they were stored (the first ones; serversImported says how many). */
  servers: z.array(ImportedServerSchema).optional(),
  /** Deliveries of the import command that worked on it (more than 1 after a crash or a restart). */
  attempts: z.number().int().optional(),
  /** Why a failed import failed: no source could be read, or a fault outlasted every delivery of the command. */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const ServerSummarySchema = z.object({
  name: z.string(),
  origin: z.string(),
  toolCount: z.number().int(),
  version: z.number().int(),
  contentHash: z.string(),
  updatedAt: z.string(),
});

export const ToolViewSchema = z.object({
  name: z.string(),
  description: z.string(),
  version: z.number().int(),
  contentHash: z.string(),
  /** OpenAI tool schema: { type: 'function', function: { name, description, parameters } }. */
  openai: z.record(z.string(), z.unknown()),
  outputSchema: z.record(z.string(), z.unknown()).nullable(),
});

const serverName = z.string().min(1).max(ID_MAX_LENGTH);

export const CATALOG_MESSAGES = {
  'catalog.import.requested': defineCommand({
    key: 'catalog.import.requested',
    // v2: an mcp-stdio source names a configured server instead of carrying the command line v1 carried.
    subject: 'astra.command.catalog.import.requested.v2',
    stream: STREAMS.catalog.name,
    producers: ['cli'],
    consumers: ['graph-miner'],
    description: 'Import tool catalogs from the given sources; idempotent per importId.',
    payload: z.object({ importId: ClientIdSchema, sources: z.array(CatalogSourceSchema).min(1) }),
    delivery: { ackWaitMs: 120_000 },
  }),
  // v2: servers, rejections and errors are the first few, with totals (v1 carried all and outgrew the bus's payload limit).
  'catalog.import.status': defineRpc({
    key: 'catalog.import.status',
    subject: 'astra.rpc.catalog.import.status.v2',
    producers: ['cli'],
    consumers: ['graph-miner'],
    description: 'Progress and summary of one import: counts, and the first servers, rejections and errors.',
    payload: z.object({ importId: IdRefSchema }),
    response: ImportReportSchema,
  }),
  'catalog.import.entries': defineRpc({
    key: 'catalog.import.entries',
    subject: 'astra.rpc.catalog.import-entries.list.v1',
    producers: ['cli'],
    consumers: ['graph-miner'],
    description: 'One page of the servers, rejections or errors of one import, in report order.',
    payload: z.object({ importId: IdRefSchema, part: z.enum(['servers', 'rejections', 'errors']), ...pageRequest(500, 1000) }),
    response: z.object({
      /** The part asked for; the other two are absent. */
      servers: z.array(ImportedServerSchema).optional(),
      rejections: z.array(RejectionSchema).optional(),
      errors: z.array(SourceErrorSchema).optional(),
      nextCursor: NextCursorSchema,
    }),
  }),
  // v2: paginated (v1 answered every server at once and outgrew the bus's payload limit).
  'catalog.servers.list': defineRpc({
    key: 'catalog.servers.list',
    subject: 'astra.rpc.catalog.servers.list.v2',
    producers: ['cli'],
    consumers: ['graph-miner'],
    description: 'One page of the latest version of every imported server, by name.',
    payload: z.object({ nameContains: z.string().max(ID_MAX_LENGTH).optional(), ...pageRequest(500, 1000) }),
    response: z.object({ servers: z.array(ServerSummarySchema), nextCursor: NextCursorSchema }),
  }),
  // v2: tools paginated (v1 answered every tool at once and outgrew the bus's payload limit).
  'catalog.server.show': defineRpc({
    key: 'catalog.server.show',
    subject: 'astra.rpc.catalog.server.show.v2',
    producers: ['cli', 'trajectory-synth'],
    consumers: ['graph-miner'],
    description: 'One server (latest version unless one is named) with one page of its tools, by name.',
    payload: z.object({ name: serverName, version: z.number().int().positive().optional(), ...pageRequest(200, 1000) }),
    response: z.object({ server: ServerSummarySchema, tools: z.array(ToolViewSchema), nextCursor: NextCursorSchema }),
  }),
} as const;
