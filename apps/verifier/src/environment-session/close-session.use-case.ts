import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry } from '@astra/contracts';
import { EnvironmentSessions } from './environment-sessions';

/** Closes a session and frees its namespace in the worker. */
@Injectable()
export class CloseSessionUseCase {
  constructor(private readonly sessions: EnvironmentSessions) {}

  execute(input: PayloadOf<Registry, 'sandbox.session.close'>): Promise<{ closed: boolean }> {
    return this.sessions.close(input.sessionId);
  }
}
