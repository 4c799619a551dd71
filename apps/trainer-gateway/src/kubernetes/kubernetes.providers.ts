import type { Provider } from '@nestjs/common';
import { KubernetesBackendPort } from '../backends/kubernetes-backend.port';
import { TRAINER_GATEWAY_CONFIG } from '../trainer-gateway.config';
import { KubernetesBackend } from './kubernetes.backend';
import { KUBERNETES_CONFIG, type KubernetesConfig } from './kubernetes.config';
import { KUBERNETES_APIS, lazyKubernetesApis } from './kubernetes-client';

/**
 * Binds KubernetesBackendPort to KubernetesBackend. Its config is the service's (TRAINER_GATEWAY_CONFIG, whose schema
 * spreads kubernetesEnv); the API clients are made on the first call, so a gateway without a cluster starts.
 */
export const KUBERNETES_BACKEND_PROVIDERS: Provider[] = [
  { provide: KUBERNETES_CONFIG, useExisting: TRAINER_GATEWAY_CONFIG },
  { provide: KUBERNETES_APIS, useFactory: (config: KubernetesConfig) => lazyKubernetesApis(config), inject: [KUBERNETES_CONFIG] },
  { provide: KubernetesBackendPort, useClass: KubernetesBackend },
];
