import { Injectable } from '@nestjs/common';
import type { AcceptanceRule, JudgedTrajectory, JudgeVerdict } from '@astra/contracts';
import { MessageBus } from '@astra/platform/bus';
import type { TrajectoryJudge } from './trajectory-judge';

/** The verifier's judge over the bus (RPC judge.trajectory.evaluate); its faults reach the job as BusErrors. */
@Injectable()
export class BusTrajectoryJudge implements TrajectoryJudge {
  constructor(private readonly bus: MessageBus) {}

  evaluate(trajectory: JudgedTrajectory, acceptance: AcceptanceRule): Promise<JudgeVerdict> {
    return this.bus.request('judge.trajectory.evaluate', { trajectory, acceptance });
  }
}
