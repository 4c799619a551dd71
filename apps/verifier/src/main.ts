import './instrument';
import 'reflect-metadata';
import { createLogger } from '@astra/platform/logging';
import { bootstrapService } from '@astra/platform/runtime';
import { loadVerifierConfig } from './verifier.config';
import { VerifierModule } from './verifier.module';

async function main(): Promise<void> {
  const config = loadVerifierConfig();
  const logger = createLogger({ service: 'verifier', level: config.LOG_LEVEL });
  await bootstrapService({ module: VerifierModule.forRoot({ config }), service: 'verifier', port: config.PORT, host: config.HOST, logger });
}

main().catch((error: unknown) => {
  process.stderr.write(`verifier failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
