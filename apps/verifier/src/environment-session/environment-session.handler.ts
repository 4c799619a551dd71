import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { CallToolUseCase } from './call-tool.use-case';
import { CloseSessionUseCase } from './close-session.use-case';
import { OpenSessionUseCase } from './open-session.use-case';

type Rpc<K extends 'sandbox.session.open' | 'sandbox.tool.call' | 'sandbox.session.close'> = Promise<ResponseOf<Registry, K>>;

/** Maps the environment-session RPCs to their use cases. */
@Injectable()
export class EnvironmentSessionHandler {
  constructor(
    private readonly openSession: OpenSessionUseCase,
    private readonly callTool: CallToolUseCase,
    private readonly closeSession: CloseSessionUseCase,
  ) {}

  @HandleMessage('sandbox.session.open')
  async onOpen(payload: PayloadOf<Registry, 'sandbox.session.open'>, _ctx: MessageContext): Rpc<'sandbox.session.open'> {
    return this.openSession.execute(payload);
  }

  @HandleMessage('sandbox.tool.call')
  async onCall(payload: PayloadOf<Registry, 'sandbox.tool.call'>, _ctx: MessageContext): Rpc<'sandbox.tool.call'> {
    return this.callTool.execute(payload);
  }

  @HandleMessage('sandbox.session.close')
  async onClose(payload: PayloadOf<Registry, 'sandbox.session.close'>, _ctx: MessageContext): Rpc<'sandbox.session.close'> {
    return this.closeSession.execute(payload);
  }
}
