import type * as K8s from '@kubernetes/client-node';
import { BusError } from '@astra/contracts';
import type { KubernetesConfig } from './kubernetes.config';

/** The two API groups the backend calls. */
export interface KubernetesApis {
  readonly core: K8s.CoreV1Api;
  readonly batch: K8s.BatchV1Api;
}

/** Injection token of the KubernetesApis. */
export const KUBERNETES_APIS = Symbol.for('astra.trainer-gateway.kubernetes-apis');

type ClientModule = typeof K8s;
let clientModule: ClientModule | undefined;

/**
 * @kubernetes/client-node is ESM only since 1.0 (2.x also needs Node 22). Node ≥ 20.19 loads ESM through require(),
 * but Jest's module registry does not: the module is required through Node's own loader (process.getBuiltinModule
 * is outside Jest's registry), which is the same loader the service uses at run time.
 */
export function kubernetesClientModule(): ClientModule {
  if (clientModule === undefined) {
    const nodeRequire = process.getBuiltinModule('node:module').createRequire(__filename);
    clientModule = nodeRequire('@kubernetes/client-node') as ClientModule;
  }
  return clientModule;
}

type ConnectionConfig = Pick<
  KubernetesConfig,
  'TRAINER_K8S_KUBECONFIG' | 'TRAINER_K8S_API_URL' | 'TRAINER_K8S_TOKEN' | 'TRAINER_K8S_INSECURE_TLS'
>;

/** The API clients: from the kubeconfig file, else the API URL (and token), else the in-cluster service account. */
export function createKubernetesApis(config: ConnectionConfig): KubernetesApis {
  const k8s = kubernetesClientModule();
  const kubeConfig = new k8s.KubeConfig();
  const url = config.TRAINER_K8S_API_URL;
  if (config.TRAINER_K8S_KUBECONFIG !== undefined) {
    kubeConfig.loadFromFile(config.TRAINER_K8S_KUBECONFIG);
    if (url !== undefined) overrideServer(kubeConfig, url, config.TRAINER_K8S_INSECURE_TLS);
  } else if (url !== undefined) {
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'astra', server: url, skipTLSVerify: skipsTls(url, config.TRAINER_K8S_INSECURE_TLS) }],
      users: [{ name: 'astra', token: config.TRAINER_K8S_TOKEN }],
      contexts: [{ name: 'astra', cluster: 'astra', user: 'astra' }],
      currentContext: 'astra',
    });
  } else {
    kubeConfig.loadFromCluster();
  }
  return { core: kubeConfig.makeApiClient(k8s.CoreV1Api), batch: kubeConfig.makeApiClient(k8s.BatchV1Api) };
}

/** The client refuses http:// servers unless TLS verification is off; there is no TLS to verify on them. */
function skipsTls(url: string, insecure: boolean): boolean {
  return insecure || url.startsWith('http://');
}

function overrideServer(kubeConfig: K8s.KubeConfig, url: string, insecure: boolean): void {
  const current = kubeConfig.getCurrentCluster()?.name;
  kubeConfig.loadFromOptions({
    clusters: kubeConfig.clusters.map((c) => (c.name === current ? { ...c, server: url, skipTLSVerify: skipsTls(url, insecure) } : c)),
    users: kubeConfig.users,
    contexts: kubeConfig.contexts,
    currentContext: kubeConfig.currentContext,
  });
}

/**
 * The clients made on first use: a gateway that never runs a Kubernetes job (no kubeconfig, not in a cluster) starts
 * and works; a missing kubeconfig surfaces on the first launch, as a non-retryable error.
 */
export function lazyKubernetesApis(config: ConnectionConfig): KubernetesApis {
  let apis: KubernetesApis | undefined;
  const made = (): KubernetesApis => (apis ??= createOrExplain(config));
  return {
    get core() {
      return made().core;
    },
    get batch() {
      return made().batch;
    },
  };
}

function createOrExplain(config: ConnectionConfig): KubernetesApis {
  try {
    return createKubernetesApis(config);
  } catch (error) {
    const where = config.TRAINER_K8S_KUBECONFIG ?? 'the in-cluster service account';
    const reason =
      error instanceof Error || (typeof error === 'object' && error !== null)
        ? String((error as { message?: unknown }).message)
        : String(error);
    throw new BusError('UNAVAILABLE', `kubernetes client could not be configured from ${where}: ${reason}`, { retryable: false });
  }
}
