import { Injectable } from '@nestjs/common';
import type { PayloadOf, Registry, ResponseOf } from '@astra/contracts';
import { HandleMessage } from '@astra/platform/bus';
import { ExportTrajectoriesUseCase } from './export-trajectories.use-case';
import { TaskRecordsUseCase } from './task-records.use-case';
import { TrajectoryRecordsUseCase } from './trajectory-records.use-case';

type Rpc<K extends keyof Registry> = Promise<ResponseOf<Registry, K>>;

/** Maps the task and trajectory RPCs to their use cases. */
@Injectable()
export class RecordsHandler {
  constructor(
    private readonly tasks: TaskRecordsUseCase,
    private readonly trajectories: TrajectoryRecordsUseCase,
    private readonly exporting: ExportTrajectoriesUseCase,
  ) {}

  @HandleMessage('trajectory-synth.task.list')
  listTasks(payload: PayloadOf<Registry, 'trajectory-synth.task.list'>): Rpc<'trajectory-synth.task.list'> {
    return this.tasks.list(payload);
  }

  @HandleMessage('trajectory-synth.task.show')
  showTask(payload: PayloadOf<Registry, 'trajectory-synth.task.show'>): Rpc<'trajectory-synth.task.show'> {
    return this.tasks.show(payload.id);
  }

  @HandleMessage('trajectory-synth.trajectory.list')
  listTrajectories(payload: PayloadOf<Registry, 'trajectory-synth.trajectory.list'>): Rpc<'trajectory-synth.trajectory.list'> {
    return this.trajectories.list(payload);
  }

  @HandleMessage('trajectory-synth.trajectory.show')
  showTrajectory(payload: PayloadOf<Registry, 'trajectory-synth.trajectory.show'>): Rpc<'trajectory-synth.trajectory.show'> {
    return this.trajectories.show(payload.id);
  }

  @HandleMessage('trajectory-synth.trajectory.export')
  exportTrajectories(payload: PayloadOf<Registry, 'trajectory-synth.trajectory.export'>): Rpc<'trajectory-synth.trajectory.export'> {
    return this.exporting.execute(payload);
  }
}
