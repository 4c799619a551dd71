/**
 * TaskGenerator: the per-unit entry point of a task-generation job (the job use case drives it).
 *
 * Interface (stable; the job use case codes against it):
 *   - `plan(request): Promise<TaskPlanOutline>`: resolves the inputs over the bus once per call and says how many units
 *     the job has (`units`: request.count for servers, cycling them; for chains and environments at most one per item)
 *     and which strategy they use (`strategy`: 'llm' | 'template' | 'environment'; environments always take
 *     'environment'). A strategy the request cannot have (llm without the task_writer role, template for servers
 *     alone) is a BusError VALIDATION_FAILED, thrown before any unit runs.
 *   - `make(request, unitIndex, seen): Promise<TaskRecord[]>`: one unit: the base task first, then its augmented
 *     variants (llm only), each with `accepted` and `rejectReason` set. Deterministic per (request.seed, unitIndex)
 *     for the template and environment strategies (same input, same records, same ids); for llm the unit's tool draw
 *     and persona are seeded, the model's words are not. A model failure (API error,
 *     garbage after the repair turn) becomes a rejected record (reason `llm unavailable: ...` or
 *     `unparseable scores`), never an exception and never a pass; only bus faults of the inputs are thrown
 *     (retryable, the job redelivers).
 *     `seen` is the job's near-duplicate index (`NearDuplicateIndex` from @astra/domain/trajectories): the job keeps
 *     one per job, filled with the accepted tasks it already stored (on resume too); `make` checks each new accepted
 *     record against it, rejects near-duplicates with reason 'near-duplicate', and adds the ones it keeps.
 *   - Units are independent; the use case may run them concurrently (TRAJ_CONCURRENCY). Records have `createdAt` set
 *     and `jobId` = request.jobId; ids are content hashes (question, source, augmentation).
 *
 * Reject reasons: a threshold name (or several, comma-separated), `unparseable scores`, `unparseable task`,
 * `tool name in question: ...`, `llm unavailable: CODE`, `near-duplicate`, or why a chain has no plan.
 * Plans: bindings' `argument` is a dotted path into the arguments (`observations.0.entityName`), `path` one into the
 * earlier step's JSON result; applyBindings (@astra/domain/trajectories) applies them.
 *
 * Dependencies: MessageBus (inputs), the optional LlmClient under TRAJECTORY_LLM_CLIENT (null without an LLM config),
 * TRAJECTORY_SYNTH_CONFIG (TRAJ_PERSONAS_FILE). TASK_PROVIDERS (task.providers.ts) lists the Nest providers; the module
 * must also provide TRAJECTORY_LLM_CLIENT.
 */
import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { BusError, type EnvLanguage, type TaskGenerationRequest, type TaskRecord } from '@astra/contracts';
import { hashSeed, type RandomSource, type ToolSpec, Xoshiro128 } from '@astra/domain/tool-graph';
import {
  buildChainPlan,
  DEFAULT_PERSONAS,
  environmentPlan,
  type NearDuplicateIndex,
  parsePersonas,
  serverLanguage,
  taskId,
  templateQuestion,
} from '@astra/domain/trajectories';
import { type LlmClient, requireLlmRole } from '@astra/platform/llm';
import { TRAJECTORY_SYNTH_CONFIG, type TrajectorySynthConfig } from '../trajectory-synth.config';
import { TaskInputs, type TaskUnitInput } from './task-inputs';
import { llmUnit, LlmUnitWriter } from './llm-unit-writer';
import { TASK_ROLES, TaskLlm, TRAJECTORY_LLM_CLIENT } from './task-llm';

/** How many units a job has and the strategy they use. */
export interface TaskPlanOutline {
  units: number;
  strategy: 'llm' | 'template' | 'environment';
}

/** A task before its id, job, language and time are set. */
export type Draft = Omit<TaskRecord, 'id' | 'jobId' | 'createdAt' | 'language'>;

/** The unit's question language: the request's, else the environment's own, else the server's tools' (detected). */
function unitLanguage(request: TaskGenerationRequest, item: TaskUnitInput): EnvLanguage {
  if (request.language) return request.language;
  if (item.kind === 'environment') return item.environment.language;
  return serverLanguage(item.serverTools);
}

/** The unit's random stream: the same (seed, unit) always draws the same values. */
function unitRandom(seed: number, unitIndex: number): RandomSource {
  return new Xoshiro128(hashSeed(`unit:${unitIndex}`, seed));
}

@Injectable()
export class TaskGenerator {
  private readonly personas: readonly string[];

  constructor(
    private readonly inputs: TaskInputs,
    @Inject(TRAJECTORY_LLM_CLIENT) private readonly client: LlmClient | null,
    @Inject(TRAJECTORY_SYNTH_CONFIG) config: Pick<TrajectorySynthConfig, 'TRAJ_PERSONAS_FILE'>,
  ) {
    const file = config.TRAJ_PERSONAS_FILE;
    const loaded = file ? parsePersonas(readFileSync(file, 'utf8')) : [];
    this.personas = loaded.length > 0 ? loaded : DEFAULT_PERSONAS;
  }

  /** The job's units and strategy (see the file comment). */
  async plan(request: TaskGenerationRequest): Promise<TaskPlanOutline> {
    const strategy = this.strategy(request);
    const pool = await this.inputs.pool(request);
    if (pool.items.length === 0) throw new BusError('VALIDATION_FAILED', `no ${request.input.kind} to make tasks from`);
    const units = request.input.kind === 'servers' ? request.count : Math.min(request.count, pool.items.length);
    return { units, strategy };
  }

  /** One unit's records: the base task, then its augmented variants (see the file comment). */
  async make(request: TaskGenerationRequest, unitIndex: number, seen: NearDuplicateIndex): Promise<TaskRecord[]> {
    const strategy = this.strategy(request);
    const pool = await this.inputs.pool(request);
    const item = pool.items[unitIndex % Math.max(1, pool.items.length)];
    if (!item) throw new BusError('VALIDATION_FAILED', `no ${request.input.kind} to make tasks from`);
    const random = unitRandom(request.seed, unitIndex);
    const language = unitLanguage(request, item);
    const drafts =
      strategy === 'llm'
        ? await this.llmDrafts(request, item, language, unitIndex, random)
        : [this.templateDraft(request, item, language, random)];
    const createdAt = new Date().toISOString();
    return drafts.map((d) => {
      const record: TaskRecord = { ...d, id: taskId(d), jobId: request.jobId, language, createdAt };
      if (record.accepted && !seen.offer(record.question)) return { ...record, accepted: false, rejectReason: 'near-duplicate' };
      return record;
    });
  }

  private strategy(request: TaskGenerationRequest): TaskPlanOutline['strategy'] {
    if (request.input.kind === 'environments') return 'environment';
    const hasWriter = this.client?.hasRole(TASK_ROLES.writer) === true;
    if (request.strategy === 'llm' || (request.strategy === 'auto' && hasWriter)) {
      requireLlmRole(this.client, 'trajectory-synth', 'llm task generation', TASK_ROLES.writer);
      return 'llm';
    }
    if (request.input.kind === 'servers') {
      requireLlmRole(this.client, 'trajectory-synth', 'tasks from a server alone (no chain to template)', TASK_ROLES.writer);
    }
    return 'template';
  }

  private templateDraft(request: TaskGenerationRequest, item: TaskUnitInput, language: EnvLanguage, random: RandomSource): Draft {
    const lineage = { seed: request.seed, inputs: [] as string[] };
    if (item.kind === 'environment') {
      const env = item.environment;
      const plan = environmentPlan(env);
      const base = {
        question: env.prompt,
        source: { kind: 'environment' as const, environmentId: env.id },
        targetTools: plan ? [...new Set(plan.steps.map((s) => s.tool))] : env.tools.map((t) => t.name),
        strategy: 'environment' as const,
        ...(env.split ? { split: env.split } : {}),
        lineage: { ...lineage, inputs: [env.id] },
      };
      return plan ? { ...base, plan, accepted: true } : { ...base, accepted: false, rejectReason: 'no sub-task has a call statement' };
    }
    if (item.kind !== 'chain') throw new BusError('VALIDATION_FAILED', 'template tasks need chains or environments');
    const source = { kind: 'chain' as const, chainId: item.chainId, server: item.server, tools: item.chain };
    const tools = item.chain.map((n) => item.serverTools.find((t) => t.name === n)).filter((t): t is ToolSpec => t !== undefined);
    const built = buildChainPlan(item.serverTools, item.chain, random);
    const common = { source, targetTools: item.chain, strategy: 'template' as const, lineage: { ...lineage, inputs: [item.chainId] } };
    if (!built.ok) {
      const bare = { steps: item.chain.map((tool, i) => ({ id: `s${i + 1}`, tool, arguments: {}, bindings: [], dependsOn: [] })) };
      return { ...common, question: templateQuestion(tools, bare, language), accepted: false, rejectReason: built.reason };
    }
    return { ...common, question: templateQuestion(tools, built.plan, language), plan: built.plan, accepted: true };
  }

  private llmDrafts(
    request: TaskGenerationRequest,
    item: TaskUnitInput,
    language: EnvLanguage,
    unitIndex: number,
    random: RandomSource,
  ): Promise<Draft[]> {
    const { client } = requireLlmRole(this.client, 'trajectory-synth', 'llm task generation', TASK_ROLES.writer);
    const unit = llmUnit(request, item, language, random);
    return new LlmUnitWriter(new TaskLlm(client, { runId: request.jobId }), request, unit, unitIndex).drafts(this.personas, random);
  }
}
