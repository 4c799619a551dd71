import type { OfferedTool, TaskRecord, TrajectoryRecord } from '@astra/contracts';
import { exportConversation, exportTools, type ExportMessage } from './export-conversation.util';

/** One SFT line in the OpenAI messages + tools format. */
export interface OpenAiRecord {
  messages: ExportMessage[];
  tools: OfferedTool[];
}

/** The trajectory in the OpenAI messages + tools format: call ids kept, arguments as JSON strings, reasoning kept. */
export function toOpenAiRecord(trajectory: TrajectoryRecord, task: TaskRecord): OpenAiRecord {
  return { messages: exportConversation(trajectory, task), tools: exportTools(trajectory) };
}
