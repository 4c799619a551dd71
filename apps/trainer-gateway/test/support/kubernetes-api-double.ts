import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A Kubernetes API server double: the REST paths the Kubernetes backend calls (ConfigMaps, Jobs, pods by label
// selector, pod logs), kept in memory, with every request recorded so tests check what was sent. Tests drive the
// cluster's side (pods appear, log lines, Job conditions) and inject failures.

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly authorization: string | undefined;
}

type Json = Record<string, unknown>;

interface Fault {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  readonly message: string;
  remaining: number;
}

const ROUTE = /^\/(api\/v1|apis\/batch\/v1)\/namespaces\/([^/]+)\/(configmaps|jobs|pods)(?:\/([^/]+))?(\/log)?$/;

export class KubernetesApiDouble {
  readonly requests: RecordedRequest[] = [];
  readonly configMaps = new Map<string, Json>();
  readonly jobs = new Map<string, Json>();
  readonly pods = new Map<string, Json>();
  private readonly logs = new Map<string, string>();
  private readonly faults: Fault[] = [];
  private server?: Server;

  constructor(readonly token: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` requests matching method and path answer `status` with a Kubernetes Status body. */
  fail(method: string, path: RegExp, status: number, message: string, times = 1): void {
    this.faults.push({ method, path, status, message, remaining: times });
  }

  /** A pod of a Job, as the Job controller would make it (labels from the Job's template). */
  addPod(jobName: string, podName: string, status: Json): void {
    const job = this.jobs.get(jobName);
    const template = (job?.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template;
    const labels = { ...(template?.metadata?.labels ?? {}), 'job-name': jobName };
    const creationTimestamp = new Date(Date.now() + this.pods.size).toISOString();
    this.pods.set(podName, { apiVersion: 'v1', kind: 'Pod', metadata: { name: podName, labels, creationTimestamp }, status });
  }

  setPodStatus(podName: string, status: Json): void {
    const pod = this.pods.get(podName);
    if (pod) pod.status = status;
  }

  appendLog(podName: string, text: string): void {
    this.logs.set(podName, (this.logs.get(podName) ?? '') + text);
  }

  setJobStatus(name: string, status: Json): void {
    const job = this.jobs.get(name);
    if (job) job.status = status;
  }

  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://double');
    const text = await readBody(req);
    const body = text === '' ? undefined : (JSON.parse(text) as unknown);
    const record = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: req.headers.authorization,
    };
    this.requests.push(record);
    if (req.headers.authorization !== `Bearer ${this.token}`) return status(res, 401, 'Unauthorized');
    const fault = this.faults.find((f) => f.remaining > 0 && f.method === record.method && f.path.test(record.path));
    if (fault) {
      fault.remaining -= 1;
      return status(res, fault.status, fault.message);
    }
    const route = ROUTE.exec(url.pathname);
    if (!route) return status(res, 404, `no route ${url.pathname}`);
    const [, , namespace = '', kind = '', name, log] = route;
    if (log !== undefined) return this.podLog(res, name ?? '');
    if (kind === 'pods') return send(res, 200, { kind: 'PodList', items: this.podsMatching(url.searchParams.get('labelSelector') ?? '') });
    const store = kind === 'jobs' ? this.jobs : this.configMaps;
    return this.crud(res, store, { method: record.method, namespace, kind, name, body: body as Json | undefined, query: record.query });
  }

  private crud(
    res: ServerResponse,
    store: Map<string, Json>,
    req: { method: string; namespace: string; kind: string; name?: string; body?: Json; query: Record<string, string> },
  ): void {
    if (req.method === 'POST') {
      const name = (req.body?.metadata as { name?: string } | undefined)?.name ?? '';
      if (store.has(name)) return status(res, 409, `${req.kind} "${name}" already exists`, 'AlreadyExists');
      const stored = {
        ...req.body,
        metadata: { ...(req.body?.metadata as Json), namespace: req.namespace, uid: `uid-${name}` },
        status: {},
      };
      store.set(name, stored);
      return send(res, 201, stored);
    }
    const found = req.name === undefined ? undefined : store.get(req.name);
    if (!found) return status(res, 404, `${req.kind} "${req.name ?? ''}" not found`, 'NotFound');
    if (req.method === 'DELETE') {
      store.delete(req.name ?? '');
      if (req.kind === 'jobs' && req.query.propagationPolicy === 'Foreground') this.deletePodsOf(req.name ?? '');
      return send(res, 200, { kind: 'Status', status: 'Success' });
    }
    return send(res, 200, found);
  }

  private podLog(res: ServerResponse, name: string): void {
    if (!this.pods.has(name)) return status(res, 404, `pods "${name}" not found`, 'NotFound');
    const log = this.logs.get(name);
    if (log === undefined) return status(res, 400, `container "trainer" in pod "${name}" is waiting to start`, 'BadRequest');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(log);
  }

  private podsMatching(selector: string): Json[] {
    const wanted = selector
      .split(',')
      .filter((part) => part !== '')
      .map((part) => part.split('='));
    return [...this.pods.values()].filter((pod) => {
      const labels = (pod.metadata as { labels: Record<string, string> }).labels;
      return wanted.every(([key = '', value]) => labels[key] === value);
    });
  }

  private deletePodsOf(jobName: string): void {
    for (const [name, pod] of this.pods) {
      if ((pod.metadata as { labels: Record<string, string> }).labels['job-name'] === jobName) this.pods.delete(name);
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function status(res: ServerResponse, code: number, message: string, reason = 'Failure'): void {
  send(res, code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });
}
