import './instrument';
import 'reflect-metadata';
import { runService } from '@astra/platform/runtime';
import { loadVerifierConfig } from './verifier.config';
import { VerifierModule } from './verifier.module';

void runService({ name: 'verifier', loadConfig: loadVerifierConfig, module: (config) => VerifierModule.forRoot({ config }) });
