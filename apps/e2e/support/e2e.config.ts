import { childEnv } from '@astra/testing';
import { resolve } from 'node:path';

/** Where the e2e tests find the infrastructure and the repository. */
export const E2E = {
  natsUrl: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
  root: resolve(__dirname, '../../..'),
  /**
   * The environment the service and CLI processes inherit (PATH, HOME), without test-runner noise; the NATS server of
   * dev machines and CI has no authorization, which services accept only when told so.
   */
  baseEnv: (): Record<string, string> => {
    return { ASTRA_INSECURE_LOCAL_BUS: 'true', ...childEnv() };
  },
};
