import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry, SandboxResult } from '@astra/contracts';
import { EnvironmentSessions } from './environment-sessions';

/** Calls one tool of an open session; the result is data (a failing tool is a result, not an error). */
@Injectable()
export class CallToolUseCase {
  constructor(private readonly sessions: EnvironmentSessions) {}

  execute(input: PayloadOf<Registry, 'sandbox.tool.call'>): Promise<SandboxResult> {
    return this.sessions.call(input);
  }
}
