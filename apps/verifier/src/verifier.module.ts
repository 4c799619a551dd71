import { type DynamicModule, Module } from '@nestjs/common';
import { BusModule } from '@astra/platform/bus';
import { LlmClient } from '@astra/platform/llm';
import { BEARER_TOKEN_SETTINGS, BearerTokenGuard } from '@astra/platform/runtime';
import { BundleCache } from './environment-session/bundle-cache';
import { CallToolUseCase } from './environment-session/call-tool.use-case';
import { CloseSessionUseCase } from './environment-session/close-session.use-case';
import { EnvironmentSessionHandler } from './environment-session/environment-session.handler';
import { EnvironmentSessions } from './environment-session/environment-sessions';
import { OpenSessionUseCase } from './environment-session/open-session.use-case';
import { ExecuteCodeHandler } from './execute/execute-code.handler';
import { ExecuteCodeUseCase } from './execute/execute-code.use-case';
import { JUDGE_LLM_CLIENT, JudgeLlm } from './judges/judge-llm';
import { JudgeTrajectoryHandler } from './judges/judge-trajectory.handler';
import { JudgeTrajectoryUseCase } from './judges/judge-trajectory.use-case';
import { SandboxModule } from './sandbox/sandbox.module';
import { RunCodeController } from './sandbox-fusion/run-code.controller';
import { loadVerifierLlmConfig, sandboxSettings, type VerifierConfig } from './verifier.config';

export interface VerifierModuleOptions {
  readonly config: VerifierConfig;
}

/**
 * verifier: the sandbox (snippets, environment sessions) over NATS RPC and SandboxFusion-compatible HTTP, and the
 * trajectory judge (rule checks, then the judge role when one is configured).
 */
@Module({})
export class VerifierModule {
  static forRoot(options: VerifierModuleOptions): DynamicModule {
    const { config } = options;
    const llmConfig = loadVerifierLlmConfig(config);
    return {
      module: VerifierModule,
      imports: [BusModule.forService('verifier', config), SandboxModule.forRoot(sandboxSettings(config))],
      controllers: [RunCodeController],
      providers: [
        // SandboxFusion's clients expect FastAPI's 401 body.
        {
          provide: BEARER_TOKEN_SETTINGS,
          useValue: { token: config.VERIFIER_API_TOKEN, unauthorizedBody: { detail: 'Not authenticated' } },
        },
        BearerTokenGuard,
        BundleCache,
        EnvironmentSessions,
        ExecuteCodeUseCase,
        OpenSessionUseCase,
        CallToolUseCase,
        CloseSessionUseCase,
        ExecuteCodeHandler,
        EnvironmentSessionHandler,
        { provide: JUDGE_LLM_CLIENT, useFactory: () => (llmConfig ? new LlmClient(llmConfig) : null) },
        JudgeLlm,
        JudgeTrajectoryUseCase,
        JudgeTrajectoryHandler,
      ],
    };
  }
}
