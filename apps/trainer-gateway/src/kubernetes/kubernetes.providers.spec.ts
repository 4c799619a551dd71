import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { KubernetesBackendPort } from '../backends/kubernetes-backend.port';
import { TRAINER_GATEWAY_CONFIG } from '../trainer-gateway.config';
import { KubernetesBackend } from './kubernetes.backend';
import { KubernetesConfigSchema } from './kubernetes.config';
import { KUBERNETES_BACKEND_PROVIDERS } from './kubernetes.providers';

describe('KUBERNETES_BACKEND_PROVIDERS', () => {
  it('binds the port to the backend with the service config, without a cluster at boot', async () => {
    const config = KubernetesConfigSchema.parse({ TRAINER_K8S_KUBECONFIG: '/nonexistent/kubeconfig' });
    @Module({ providers: [{ provide: TRAINER_GATEWAY_CONFIG, useValue: config }, ...KUBERNETES_BACKEND_PROVIDERS] })
    class TestModule {}
    const app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    try {
      const backend = app.get(KubernetesBackendPort);
      expect(backend).toBeInstanceOf(KubernetesBackend);
      // The missing kubeconfig surfaces on first use, as a non-retryable error that names it.
      await expect(backend.cancel('astra-x')).rejects.toMatchObject({
        retryable: false,
        message: expect.stringContaining('/nonexistent/kubeconfig'),
      });
    } finally {
      await app.close();
    }
  });
});
