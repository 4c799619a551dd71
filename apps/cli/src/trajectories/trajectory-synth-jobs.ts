import type { TrajectorySynthJobReport } from '@astra/contracts';
import type { JobFollower } from '../jobs/job-command';

/** trajectory-synth's jobs, followed by `trajectory-synth.job.status`; `statusCommand` names the group's status command. */
export function trajectorySynthJobs(statusCommand: string): JobFollower<TrajectorySynthJobReport> {
  return {
    service: 'trajectory-synth',
    statusCommand,
    status: (bus, jobId) => bus.request('trajectory-synth.job.status', { jobId }),
    unit: (report) => (report.kind === 'task-generation' ? 'tasks' : 'trajectories'),
  };
}
