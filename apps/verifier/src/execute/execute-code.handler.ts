import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { ExecuteCodeUseCase } from './execute-code.use-case';

/** Maps sandbox.code.execute to its use case. */
@Injectable()
export class ExecuteCodeHandler {
  constructor(private readonly executeCode: ExecuteCodeUseCase) {}

  @HandleMessage('sandbox.code.execute')
  async onExecute(
    payload: PayloadOf<Registry, 'sandbox.code.execute'>,
    _ctx: MessageContext,
  ): Promise<ResponseOf<Registry, 'sandbox.code.execute'>> {
    return this.executeCode.execute(payload);
  }
}
