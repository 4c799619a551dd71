import type { AcceptanceRule, JudgedTrajectory, JudgeVerdict } from '@astra/contracts';

/**
 * Port of the verifier's trajectory judge (RPC judge.trajectory.evaluate). A fault (no verifier, a timeout) throws a
 * BusError and is never a pass: the job retries it.
 */
export interface TrajectoryJudge {
  evaluate(trajectory: JudgedTrajectory, acceptance: AcceptanceRule): Promise<JudgeVerdict>;
}

/** Injection token of the TrajectoryJudge. */
export const TRAJECTORY_JUDGE = Symbol.for('astra.trajectory-synth.trajectory-judge');
