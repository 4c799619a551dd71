import { BusError, type EnvironmentRecord, type OfferedTool, OfferedToolSchema, type TaskRecord } from '@astra/contracts';
import { MessageBus } from '@astra/platform/bus';

/** Where the simulated executor finds a task's tool schemas (faked in unit tests). */
export interface TaskToolLookup {
  toolsFor(task: TaskRecord): Promise<OfferedTool[]>;
}

/** An environment's tools as offered to the agent. */
export function environmentTools(environment: EnvironmentRecord): OfferedTool[] {
  return environment.tools.map((t) => ({
    type: 'function',
    function: { name: t.name, description: t.description, parameters: t.parameters },
  }));
}

/** The target tools' schemas: graph-miner's catalog (catalog.server.show) for chain and server tasks, the environment's otherwise. */
export class BusTaskToolLookup implements TaskToolLookup {
  constructor(private readonly bus: MessageBus) {}

  async toolsFor(task: TaskRecord): Promise<OfferedTool[]> {
    if (task.source.kind === 'environment') {
      const { environment } = await this.bus.request('env-compiler.environment.show', { id: task.source.environmentId });
      const wanted = new Set(task.targetTools);
      const tools = environmentTools(environment);
      const targets = tools.filter((t) => wanted.has(t.function.name));
      return targets.length > 0 ? targets : tools;
    }
    const found = new Map<string, OfferedTool>();
    let cursor: string | undefined;
    do {
      const page = await this.bus.request('catalog.server.show', { name: task.source.server, limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const tool of page.tools) {
        const offered = OfferedToolSchema.safeParse(tool.openai);
        if (offered.success) found.set(tool.name, offered.data);
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const missing = task.targetTools.filter((name) => !found.has(name));
    if (missing.length > 0) {
      throw new BusError('NOT_FOUND', `server "${task.source.server}" has no tool named ${missing.join(', ')} in the catalog`, {
        retryable: false,
      });
    }
    return task.targetTools.map((name) => found.get(name) as OfferedTool);
  }
}
