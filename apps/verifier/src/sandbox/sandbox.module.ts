import { type DynamicModule, Module } from '@nestjs/common';
import { SandboxReadiness } from './sandbox-readiness';
import { SandboxRunner } from './sandbox-runner';
import { SANDBOX_SETTINGS, type SandboxSettings } from './sandbox-settings';

/** The warm worker pools; other features inject SandboxRunner. */
@Module({})
export class SandboxModule {
  static forRoot(settings: SandboxSettings): DynamicModule {
    return {
      module: SandboxModule,
      providers: [{ provide: SANDBOX_SETTINGS, useValue: settings }, SandboxRunner, SandboxReadiness],
      exports: [SandboxRunner],
    };
  }
}
