import type { Provider } from '@nestjs/common';
import { TaskGenerator } from './task-generator';
import { TaskInputs } from './task-inputs';

/** Task generation's providers; the module also provides TRAJECTORY_LLM_CLIENT (task-llm.ts) and the config. */
export const TASK_PROVIDERS: Provider[] = [TaskInputs, TaskGenerator];
