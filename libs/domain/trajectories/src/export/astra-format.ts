import type { JudgeDimension, OfferedTool, TaskRecord, TaskSource, TrajectoryRecord } from '@astra/contracts';
import { exportConversation, exportTools, toolSchema, type ExportMessage } from './export-conversation.util';

/** One judge dimension in ASTRA's reward layout: its score (null when unknown) and why. */
export interface AstraReward {
  score: number | null;
  extra_info: { status: 'scored' | 'unknown'; reason: string };
}

/** ASTRA's reward keys, one per judge dimension. */
export const ASTRA_REWARD_KEYS: Readonly<Record<JudgeDimension, string>> = {
  'query-understanding': 'query_understand',
  'query-planning': 'query_plan',
  'tool-response-understanding': 'tool_understand',
  'tool-response-planning': 'tool_plan',
  'tool-call-status': 'tool_call',
  'tool-conciseness': 'tool_concise',
  'final-answer': 'final_answer',
};

/**
 * One line in ASTRA's trajectory layout (github.com/jie311/astra-lianjia, trajectory_synthesis/): the task side as
 * their tasks.jsonl carries it (query_info, mcp_info), the conversation as their trajectories.jsonl carries it (tools,
 * messages), and the judge's scores under their reward names with overall_score. Read from their README and
 * pipeline scripts, not copied; query_score_info uses our score names in snake case, and the ids, verdict, executor
 * and agent are our additions.
 */
export interface AstraRecord {
  query_info: {
    generated_question: string;
    target_tools: string[];
    augmented_query_info: Record<string, unknown>;
    query_score_info: Record<string, number>;
  };
  mcp_info: {
    base_info: {
      group_info: { server_name: string };
      tool_list: Array<Record<string, unknown>>;
    };
  };
  tools: OfferedTool[];
  messages: ExportMessage[];
  reward: Record<string, AstraReward | number | null>;
  task_id: string;
  trajectory_id: string;
  verdict: TrajectoryRecord['verdict'];
  executor: TrajectoryRecord['executor'];
  agent: TrajectoryRecord['agent'];
}

/** The trajectory in ASTRA's layout: query and tool-server info, tools, messages, and the judge scores. */
export function toAstraRecord(trajectory: TrajectoryRecord, task: TaskRecord): AstraRecord {
  return {
    query_info: {
      generated_question: task.question,
      target_tools: [...task.targetTools],
      augmented_query_info: augmentationInfo(task),
      query_score_info: scoreInfo(task),
    },
    mcp_info: { base_info: { group_info: { server_name: serverName(task.source) }, tool_list: trajectory.tools.map(toolSchema) } },
    tools: exportTools(trajectory),
    messages: exportConversation(trajectory, task),
    reward: rewardOf(trajectory),
    task_id: task.id,
    trajectory_id: trajectory.id,
    verdict: trajectory.verdict,
    executor: trajectory.executor,
    agent: { ...trajectory.agent },
  };
}

// ASTRA reads augmented_question before generated_question; our question is already the augmented one.
function augmentationInfo(task: TaskRecord): Record<string, unknown> {
  if (!task.augmentation) return {};
  const { kind, parentId, persona } = task.augmentation;
  return { augmented_question: task.question, mode: kind, parent_id: parentId, ...(persona !== undefined ? { persona } : {}) };
}

function scoreInfo(task: TaskRecord): Record<string, number> {
  const s = task.scores;
  if (!s) return {};
  return {
    question_quality: s.questionQuality,
    scenario_realism: s.scenarioRealism,
    tool_use_necessity: s.toolUseNecessity,
    tool_selection_difficulty: s.toolSelectionDifficulty,
    uniqueness: s.uniqueness,
  };
}

function serverName(source: TaskSource): string {
  return source.kind === 'environment' ? `environment:${source.environmentId}` : source.server;
}

function rewardOf(trajectory: TrajectoryRecord): Record<string, AstraReward | number | null> {
  const judgement = trajectory.judgement;
  const reward: Record<string, AstraReward | number | null> = {};
  for (const d of judgement?.dimensions ?? []) {
    reward[ASTRA_REWARD_KEYS[d.dimension]] = { score: d.score, extra_info: { status: d.status, reason: d.reason } };
  }
  reward['overall_score'] = judgement?.mean ?? null;
  return reward;
}
