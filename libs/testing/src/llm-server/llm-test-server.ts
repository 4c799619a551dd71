import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { buildCompletion, buildStreamChunks, corruptReply, countTokens, hashingEmbedding } from './completion-builder';
import type { FaultRoute, LlmFault, LlmServerScript, RecordedRequest, ScriptedReply, ScriptedRule } from './llm-server.types';
import { CassetteDeck, RuleBook } from './rule-matcher';

type Route = 'chat' | 'embeddings';

/**
 * An OpenAI-compatible HTTP server for tests and local runs without a model: scripted rules or recorded cassettes
 * for /v1/chat/completions (JSON or SSE), deterministic hashing vectors for /v1/embeddings, /v1/models, request
 * counts and in-flight tracking, and faults queued deterministically (in process or via POST /admin/faults).
 */
export class LlmTestServer {
  /** Every request to /v1/* with its body (newest last, at most `maxRecorded`). */
  readonly requests: RecordedRequest[] = [];
  private readonly rules = new RuleBook();
  private readonly cassettes = new CassetteDeck();
  private readonly faults: { fault: LlmFault; route: FaultRoute }[] = [];
  private readonly counts = new Map<string, number>();
  private server: Server | undefined;
  private active = 0;
  private peak = 0;
  private gate: { promise: Promise<void>; open: () => void } | undefined;
  private port = 0;

  constructor(
    private readonly script: LlmServerScript = {},
    private readonly maxRecorded = 10_000,
  ) {
    this.rules.add(script.rules ?? []);
    this.cassettes.add(script.cassettes ?? []);
  }

  /** Listens (port 0 picks a free port) and returns the root URL, e.g. http://127.0.0.1:40123. */
  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The OpenAI-style base URL (with /v1) to put in a client config. */
  get baseUrl(): string {
    return `${this.url}/v1`;
  }

  async stop(): Promise<void> {
    this.resume();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  addRules(rules: ScriptedRule[]): void {
    this.rules.add(rules);
  }

  setRules(rules: ScriptedRule[]): void {
    this.rules.replace(rules);
  }

  /** Queues a fault for the next `times` requests on `route` (chat by default). */
  injectFault(fault: LlmFault, times = 1, route: FaultRoute = 'chat'): void {
    for (let i = 0; i < times; i++) this.faults.push({ fault, route });
  }

  get pendingFaults(): number {
    return this.faults.length;
  }

  /** Requests served on a path (e.g. '/v1/chat/completions'), or on all /v1 paths. */
  requestCount(path?: string): number {
    if (path !== undefined) return this.counts.get(path) ?? 0;
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }

  get inFlight(): number {
    return this.active;
  }

  get maxInFlight(): number {
    return this.peak;
  }

  /** Holds every new model request until `resume()`, to observe queueing and in-flight limits. */
  pause(): void {
    if (this.gate) return;
    let open = (): void => undefined;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.gate = { promise, open };
  }

  resume(): void {
    this.gate?.open();
    this.gate = undefined;
  }

  /** Clears counts, recorded requests and queued faults (rules stay). */
  resetStats(): void {
    this.counts.clear();
    this.requests.length = 0;
    this.faults.length = 0;
    this.peak = this.active;
  }

  stats(): { counts: Record<string, number>; inFlight: number; maxInFlight: number; pendingFaults: number } {
    return { counts: Object.fromEntries(this.counts), inFlight: this.active, maxInFlight: this.peak, pendingFaults: this.faults.length };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] as string;
    const model = path.startsWith('/v1/');
    if (model) {
      this.counts.set(path, (this.counts.get(path) ?? 0) + 1);
      this.peak = Math.max(this.peak, ++this.active);
      res.once('close', () => this.active--);
    }
    try {
      const text = await readBody(req);
      const body = text.length > 0 ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (model) {
        if (this.requests.length >= this.maxRecorded) this.requests.shift();
        this.requests.push({ route: path, body });
        if (this.gate) await this.gate.promise;
      }
      await this.route(req.method ?? 'GET', path, body, res);
    } catch (error) {
      if (!res.headersSent)
        sendJson(res, 400, { error: { message: `bad request: ${(error as Error).message}`, type: 'invalid_request_error' } });
    }
  }

  private async route(method: string, path: string, body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    if (method === 'POST' && path === '/v1/chat/completions') return this.chat(body, res);
    if (method === 'POST' && path === '/v1/embeddings') return this.embeddings(body, res);
    if (method === 'GET' && path === '/v1/models') return this.models(res);
    if (path.startsWith('/admin/')) return this.admin(method, path, body, res);
    sendJson(res, 404, { error: { message: `no route ${method} ${path}`, type: 'not_found' } });
  }

  private nextFault(route: Route): LlmFault | undefined {
    const index = this.faults.findIndex((f) => f.route === route || f.route === 'any');
    if (index < 0) return undefined;
    return this.faults.splice(index, 1)[0]?.fault;
  }

  /** Transport faults; true when the fault already answered (or killed) the request. */
  private async transportFault(fault: LlmFault | undefined, res: ServerResponse): Promise<boolean> {
    switch (fault?.kind) {
      case 'rate_limit':
        res.setHeader('retry-after', String(fault.retryAfterS ?? 1));
        sendJson(res, 429, { error: { message: 'rate limit reached (injected)', type: 'rate_limit_error' } });
        return true;
      case 'server_error':
        sendJson(res, fault.status ?? 500, { error: { message: 'internal error (injected)', type: 'server_error' } });
        return true;
      case 'connection_reset':
        res.socket?.resetAndDestroy();
        return true;
      case 'malformed_json':
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"id":"chatcmpl-broken","choices":[{"message":{"content":"unterminated');
        return true;
      case 'slow':
        await waitUnlessClosed(fault.delayMs, res);
        return res.destroyed;
      default:
        return false;
    }
  }

  private async chat(body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    const fault = this.nextFault('chat');
    if (await this.transportFault(fault, res)) return;
    const recorded = this.cassettes.find(body);
    if (recorded && fault?.kind !== 'truncated_tool_call' && fault?.kind !== 'unclosed_think') return sendJson(res, 200, recorded);
    let reply: ScriptedReply | undefined = this.rules.answer(body);
    if (fault?.kind === 'truncated_tool_call' || fault?.kind === 'unclosed_think') reply = corruptReply(reply ?? {}, fault.kind);
    if (!reply) {
      return sendJson(res, 404, { error: { message: 'llm-test-server: no rule or cassette matched the request', type: 'not_found' } });
    }
    if (reply.delayMs) await waitUnlessClosed(reply.delayMs, res);
    if (res.destroyed) return;
    if (body['stream'] === true) return sendStream(res, buildStreamChunks(reply, body));
    sendJson(res, 200, buildCompletion(reply, body));
  }

  private async embeddings(body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    if (await this.transportFault(this.nextFault('embeddings'), res)) return;
    const raw = body['input'];
    const inputs = Array.isArray(raw) ? raw.map(String) : [typeof raw === 'string' ? raw : JSON.stringify(raw ?? '')];
    const dims = typeof body['dimensions'] === 'number' ? body['dimensions'] : (this.script.embeddingDimensions ?? 64);
    const tokens = inputs.reduce((n, t) => n + countTokens(t), 0);
    sendJson(res, 200, {
      object: 'list',
      model: body['model'] ?? 'astra-test-embedding',
      data: inputs.map((t, index) => ({ object: 'embedding', index, embedding: hashingEmbedding(t, dims) })),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  private models(res: ServerResponse): void {
    const ids = [...new Set([...(this.script.models ?? ['astra-test-model']), ...this.rules.models()])];
    sendJson(res, 200, {
      object: 'list',
      data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'astra-test' })),
    });
  }

  private admin(method: string, path: string, body: Record<string, unknown>, res: ServerResponse): void {
    if (method === 'POST' && path === '/admin/faults') {
      this.injectFault(body['fault'] as LlmFault, Number(body['times'] ?? 1), (body['route'] as FaultRoute | undefined) ?? 'chat');
    } else if (method === 'POST' && path === '/admin/rules') {
      if (body['replace'] === true) this.setRules(body['rules'] as ScriptedRule[]);
      else this.addRules(body['rules'] as ScriptedRule[]);
    } else if (method === 'POST' && path === '/admin/reset') this.resetStats();
    else if (method === 'POST' && path === '/admin/pause') this.pause();
    else if (method === 'POST' && path === '/admin/resume') this.resume();
    else if (!(method === 'GET' && path === '/admin/stats')) {
      return sendJson(res, 404, { error: { message: `no admin route ${method} ${path}` } });
    }
    sendJson(res, 200, this.stats());
  }
}

/** Waits, but stops early when the client goes away (so no timer outlives a stopped server). */
async function waitUnlessClosed(ms: number, res: ServerResponse): Promise<void> {
  const controller = new AbortController();
  const onClose = (): void => controller.abort();
  res.once('close', onClose);
  await delay(ms, undefined, { signal: controller.signal }).catch(() => undefined);
  res.off('close', onClose);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  if (res.destroyed) return;
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

function sendStream(res: ServerResponse, payloads: string[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  for (const p of payloads) res.write(`data: ${p}\n\n`);
  res.end();
}
