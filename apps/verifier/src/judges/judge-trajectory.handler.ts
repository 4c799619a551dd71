import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { HandleMessage, type MessageContext } from '@astra/platform/bus';
import { JudgeTrajectoryUseCase } from './judge-trajectory.use-case';

/** Maps judge.trajectory.evaluate to its use case. */
@Injectable()
export class JudgeTrajectoryHandler {
  constructor(private readonly judgeTrajectory: JudgeTrajectoryUseCase) {}

  @HandleMessage('judge.trajectory.evaluate')
  async onEvaluate(
    payload: PayloadOf<Registry, 'judge.trajectory.evaluate'>,
    _ctx: MessageContext,
  ): Promise<ResponseOf<Registry, 'judge.trajectory.evaluate'>> {
    return this.judgeTrajectory.execute(payload);
  }
}
