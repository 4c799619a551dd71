/**
 * TaskGenerator: the per-unit entry point of a task-generation job (the job use case drives it).
 *
 * Interface (stable; the job use case codes against it):
 *   - `plan(request): Promise<TaskPlanOutline>`: resolves the inputs over the bus once per call and says how many units
 *     the job has (`units`, at most request.count) and which strategy they use (`strategy`: 'llm' | 'template' |
 *     'environment'). A strategy the request cannot have (llm without the task_writer role, template for servers
 *     alone) is a BusError VALIDATION_FAILED, thrown before any unit runs.
 *   - `make(request, unitIndex, seen): Promise<TaskRecord[]>`: one unit: the base task first, then its augmented
 *     variants (llm only), each with `accepted` and `rejectReason` set. Deterministic per (request.seed, unitIndex)
 *     for the template and environment strategies (same input, same records, same ids). A model failure (API error,
 *     garbage after the repair turn) becomes a rejected record (reason `llm unavailable: ...` or
 *     `unparseable scores`), never an exception and never a pass; only bus faults of the inputs are thrown
 *     (retryable, the job redelivers).
 *     `seen` is the job's near-duplicate index (`NearDuplicateIndex` from @astra/domain/trajectories): the job keeps
 *     one per job, filled with the accepted tasks it already stored (on resume too); `make` checks each new accepted
 *     record against it, rejects near-duplicates with reason 'near-duplicate', and adds the ones it keeps.
 *   - Units are independent; the use case may run them concurrently (TRAJ_CONCURRENCY). Records have `createdAt` set
 *     and `jobId` = request.jobId; ids are content hashes (question, source, augmentation).
 *
 * Dependencies: MessageBus (inputs), the optional LlmClient under TRAJECTORY_LLM_CLIENT (null without an LLM config),
 * TRAJECTORY_SYNTH_CONFIG (TRAJ_PERSONAS_FILE). TASK_PROVIDERS (task.providers.ts) lists the Nest providers; the module
 * must also provide TRAJECTORY_LLM_CLIENT.
 */
import { Injectable } from '@nestjs/common';
import type { TaskGenerationRequest, TaskRecord } from '@astra/contracts';
import type { NearDuplicateIndex } from '@astra/domain/trajectories';

/** How many units a job has and the strategy they use. */
export interface TaskPlanOutline {
  units: number;
  strategy: 'llm' | 'template' | 'environment';
}

@Injectable()
export class TaskGenerator {
  /** The job's units and strategy (see the file comment). */
  plan(request: TaskGenerationRequest): Promise<TaskPlanOutline> {
    void request;
    throw new Error('not implemented yet');
  }

  /** One unit's records: the base task, then its augmented variants (see the file comment). */
  make(request: TaskGenerationRequest, unitIndex: number, seen: NearDuplicateIndex): Promise<TaskRecord[]> {
    void request;
    void unitIndex;
    void seen;
    throw new Error('not implemented yet');
  }
}
