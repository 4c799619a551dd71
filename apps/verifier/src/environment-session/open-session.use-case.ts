import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { EnvironmentSessions } from './environment-sessions';

/** Opens an environment session from a bundle or the hash of a cached one. */
@Injectable()
export class OpenSessionUseCase {
  constructor(private readonly sessions: EnvironmentSessions) {}

  execute(input: PayloadOf<Registry, 'sandbox.session.open'>): Promise<ResponseOf<Registry, 'sandbox.session.open'>> {
    return this.sessions.open(input);
  }
}
