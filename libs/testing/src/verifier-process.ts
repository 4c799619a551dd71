import { resolve } from 'node:path';
import { childEnv } from './child-env';
import { ServiceProcess } from './service-process';

const ROOT = resolve(__dirname, '../../..');

/** Starts the real verifier as a process in a NATS namespace (one Python worker); await `ready()` on it. */
export function startVerifier(natsUrl: string, namespace: string): ServiceProcess {
  return new ServiceProcess(
    'verifier',
    childEnv({
      NATS_URL: natsUrl,
      ASTRA_NAMESPACE: namespace,
      ASTRA_INSECURE_LOCAL_BUS: 'true',
      PORT: '0',
      OTEL_SDK_DISABLED: 'true',
      SANDBOX_PYTHON_WORKERS: '1',
      SANDBOX_JS_WORKERS: '1',
    }),
    ROOT,
  );
}
