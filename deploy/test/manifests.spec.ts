import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { METRICS } from '@astra/contracts';
import { parse, parseAllDocuments } from 'yaml';

const DEPLOY = join(__dirname, '..');
const SERVICES = ['graph-miner', 'trajectory-synth', 'env-compiler', 'verifier', 'rollout-broker', 'trainer-gateway'];
const REQUIRED_ENV = [
  'NATS_URL',
  'NATS_USER',
  'NATS_PASSWORD',
  'HOST',
  'DATABASE_URL',
  'ASTRA_NAMESPACE',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_SERVICE_NAME',
  'LOG_LEVEL',
];
type EnvEntry = { name: string; value?: string; valueFrom?: any };
/** Where a variable of a container comes from: `secret:<name>/<key>`, `config:<name>/<key>` or its literal value. */
function source(env: EnvEntry[], name: string): string | undefined {
  const entry = env.find((e) => e.name === name);
  const secret = entry?.valueFrom?.secretKeyRef;
  const config = entry?.valueFrom?.configMapKeyRef;
  if (secret) return `secret:${secret.name}/${secret.key}`;
  if (config) return `config:${config.name}/${config.key}`;
  return entry?.value;
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [key: string]: any;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function loadManifests(dir: string): Manifest[] {
  return yamlFiles(dir)
    .filter((file) => !['kustomization.yaml', 'collector.yaml'].includes(basename(file)))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
        expect(doc.errors).toEqual([]);
        return doc.toJS() as Manifest;
      }),
    )
    .filter((m) => m !== null);
}

const manifests = [...loadManifests(join(DEPLOY, 'k8s')), ...loadManifests(join(DEPLOY, 'otel'))];
const find = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);

describe('service manifests', () => {
  const config = find('ConfigMap', 'astra-config');
  const secret = find('Secret', 'astra-database');

  describe.each(SERVICES)('%s', (service) => {
    const deployment = find('Deployment', service);
    const container = deployment?.spec.template.spec.containers[0];

    it('has a Deployment whose probes hit /healthz and /readyz on a declared container port', () => {
      expect(container).toBeDefined();
      const ports: Array<{ name?: string; containerPort: number }> = container.ports;
      const declared = (port: string | number) => ports.some((p) => p.name === port || p.containerPort === port);
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(declared(container.livenessProbe.httpGet.port)).toBe(true);
      expect(declared(container.readinessProbe.httpGet.port)).toBe(true);
      const port = container.env.find((e: { name: string }) => e.name === 'PORT');
      expect(ports.map((p) => String(p.containerPort))).toContain(port?.value);
    });

    it('gets every required variable from a literal, the shared ConfigMap or the Secret', () => {
      const env: Array<{ name: string; value?: string; valueFrom?: any }> = container.env;
      for (const name of REQUIRED_ENV) {
        const entry = env.find((e) => e.name === name);
        expect({ name, defined: entry !== undefined }).toEqual({ name, defined: true });
        const configRef = entry?.valueFrom?.configMapKeyRef;
        const secretRef = entry?.valueFrom?.secretKeyRef;
        if (configRef) expect(find('ConfigMap', configRef.name)?.data).toHaveProperty([configRef.key]);
        if (secretRef) expect(find('Secret', secretRef.name)?.stringData).toHaveProperty([secretRef.key]);
        if (!configRef && !secretRef) expect(entry?.value).toBeTruthy();
      }
      expect(env.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef?.name).toBe(secret?.metadata.name);
      expect(env.find((e) => e.name === 'OTEL_SERVICE_NAME')?.value).toBe(service);
      expect(config).toBeDefined();
    });

    it('listens on every interface of its pod and authenticates to NATS with the credentials NATS is configured with', () => {
      const env: EnvEntry[] = container.env;
      expect(source(env, 'HOST')).toBe('0.0.0.0');
      expect(source(env, 'NATS_USER')).toBe('secret:astra-nats/user');
      expect(source(env, 'NATS_PASSWORD')).toBe('secret:astra-nats/password');
      if (service === 'verifier') expect(source(env, 'VERIFIER_API_TOKEN')).toBe('secret:astra-verifier/api-token');
      expect(env.find((e) => e.name === 'ASTRA_INSECURE_LOCAL_BUS')).toBeUndefined();
    });

    it('sets resource requests and limits', () => {
      expect(container.resources.requests).toEqual({ cpu: expect.anything(), memory: expect.anything() });
      expect(container.resources.limits).toEqual({ cpu: expect.anything(), memory: expect.anything() });
    });

    it('has a Service that selects its pods and targets a container port', () => {
      const svc = find('Service', service);
      expect(svc).toBeDefined();
      const podLabels = deployment?.spec.template.metadata.labels;
      for (const [key, value] of Object.entries(svc?.spec.selector as Record<string, string>)) {
        expect(podLabels[key]).toBe(value);
      }
      const names = container.ports.map((p: { name: string }) => p.name);
      for (const port of svc?.spec.ports ?? []) expect(names).toContain(port.targetPort);
    });
  });
});

describe('infrastructure manifests', () => {
  it('runs NATS with JetStream on a persistent volume', () => {
    const nats = find('StatefulSet', 'nats');
    const args: string[] = nats?.spec.template.spec.containers[0].args;
    expect(args).toContain('--jetstream');
    expect(find('ConfigMap', 'nats-config')?.data['nats.conf']).toMatch(/jetstream\s*\{/);
    expect(nats?.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(find('Service', 'nats')?.spec.ports[0].port).toBe(4222);
  });

  it('runs NATS with authorization: the user and password of the astra-nats Secret', () => {
    const conf: string = find('ConfigMap', 'nats-config')?.data['nats.conf'];
    expect(conf).toMatch(/authorization\s*\{\s*user:\s*\$NATS_USER\s+password:\s*\$NATS_PASSWORD\s*\}/);
    const env: EnvEntry[] = find('StatefulSet', 'nats')?.spec.template.spec.containers[0].env;
    expect(source(env, 'NATS_USER')).toBe('secret:astra-nats/user');
    expect(source(env, 'NATS_PASSWORD')).toBe('secret:astra-nats/password');
    expect(find('Secret', 'astra-nats')?.stringData).toEqual({ user: expect.any(String), password: expect.any(String) });
    expect(find('Secret', 'astra-verifier')?.stringData['api-token'].length).toBeGreaterThanOrEqual(16);
  });

  it('runs PostgreSQL on a persistent volume with a database for each service', () => {
    const postgres = find('StatefulSet', 'postgres');
    expect(postgres?.spec.volumeClaimTemplates).toHaveLength(1);
    const init: string = find('ConfigMap', 'postgres-init')?.data['01-databases.sql'];
    const secret = find('Secret', 'astra-database');
    for (const service of SERVICES) {
      const database = new URL(secret?.stringData[service]).pathname.slice(1);
      expect(init).toContain(`CREATE DATABASE ${database};`);
    }
  });

  it('configures the collector with OTLP in, batching, Prometheus metrics and OTLP traces out', () => {
    const collector = parse(readFileSync(join(DEPLOY, 'otel', 'collector.yaml'), 'utf8'));
    const { traces, metrics } = collector.service.pipelines;
    for (const pipeline of [traces, metrics]) {
      for (const r of pipeline.receivers) expect(collector.receivers).toHaveProperty([r]);
      for (const p of pipeline.processors) expect(collector.processors).toHaveProperty([p]);
      for (const e of pipeline.exporters) expect(collector.exporters).toHaveProperty([e]);
      expect(pipeline.receivers).toContain('otlp');
      expect(pipeline.processors).toContain('batch');
    }
    expect(metrics.exporters).toContain('prometheus');
    expect(collector.exporters['otlphttp/traces'].endpoint).toBe('${env:TRACES_OTLP_ENDPOINT}');
    const deployment = find('Deployment', 'otel-collector');
    const env = deployment?.spec.template.spec.containers[0].env as Array<{ name: string }>;
    expect(env.map((e) => e.name)).toContain('TRACES_OTLP_ENDPOINT');
    expect(deployment?.spec.template.spec.volumes[0].configMap.name).toBe('otel-collector-config');
  });
});

describe('kustomizations', () => {
  it.each(['k8s', 'otel'])('deploy/%s lists every manifest file and only existing ones', (dir) => {
    const root = join(DEPLOY, dir);
    const kustomization = parse(readFileSync(join(root, 'kustomization.yaml'), 'utf8'));
    const generated: string[] = (kustomization.configMapGenerator ?? []).flatMap((g: { files: string[] }) => g.files);
    const listed: string[] = [...kustomization.resources, ...generated];
    for (const entry of listed) expect({ entry, exists: existsSync(join(root, entry)) }).toEqual({ entry, exists: true });
    const files = yamlFiles(root)
      .map((file) => relative(root, file))
      .filter((file) => file !== 'kustomization.yaml');
    expect(files.filter((file) => !listed.includes(file))).toEqual([]);
  });

  it('includes the collector in the base', () => {
    expect(parse(readFileSync(join(DEPLOY, 'k8s', 'kustomization.yaml'), 'utf8')).resources).toContain('../otel');
  });
});

describe('grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(join(DEPLOY, 'grafana', 'astra-bus.json'), 'utf8'));
  const exprs: string[] = dashboard.panels.flatMap((p: { targets: Array<{ expr: string }> }) => p.targets.map((t) => t.expr));

  // Prometheus names of the contract metrics: dots -> underscores, counters _total, ms histograms _milliseconds.
  const prometheusNames = new Set(
    Object.values(METRICS).flatMap((name) => {
      const base = name.replace(/\./g, '_');
      return [base, `${base}_total`, `${base}_milliseconds`];
    }),
  );

  it('queries only metrics named in METRICS', () => {
    const queried = exprs.flatMap((expr) => expr.match(/\b(?:astra|gen_ai)_[a-z0-9_]+/g) ?? []);
    expect(queried.length).toBeGreaterThan(0);
    const unknown = queried.map((name) => name.replace(/_(bucket|count|sum)$/, '')).filter((name) => !prometheusNames.has(name));
    expect(unknown).toEqual([]);
  });

  it('has the bus panels', () => {
    const queried = exprs.join('\n');
    for (const metric of [METRICS.busPublished, METRICS.busRedeliveries, METRICS.busDeadLetters]) {
      expect(queried).toContain(`${metric.replace(/\./g, '_')}_total`);
    }
    expect(queried).toContain('histogram_quantile(0.5, sum by (le, key) (rate(astra_bus_handler_duration_milliseconds_bucket');
    expect(queried).toContain('histogram_quantile(0.95, sum by (le, key) (rate(astra_bus_handler_duration_milliseconds_bucket');
    expect(queried).toContain(METRICS.busDlqDepth.replace(/\./g, '_'));
    expect(queried).toContain(METRICS.busConsumerPending.replace(/\./g, '_'));
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(DEPLOY, 'docker', 'Dockerfile'), 'utf8');

  it('builds any service from one file on node 20 with npm ci', () => {
    expect(dockerfile).toMatch(/^ARG SERVICE$/m);
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim/m);
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toContain('node -r @swc-node/register apps/$SERVICE/src/main.ts');
  });
});
