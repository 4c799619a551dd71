import { Injectable } from '@nestjs/common';
import { BusError, type EnvironmentRecord, type EnvSplit, type TaskGenerationRequest, type ToolViewSchema } from '@astra/contracts';
import type { z } from 'zod';
import type { JsonSchema, ToolSpec } from '@astra/domain/tool-graph';
import { MessageBus } from '@astra/platform/bus';

/** One unit's input: a verified chain (with its server's tools), a server's tools, or an environment. */
export type TaskUnitInput =
  | { kind: 'chain'; chainId: string; server: string; chain: string[]; serverTools: ToolSpec[] }
  | { kind: 'server'; server: string; serverTools: ToolSpec[] }
  | { kind: 'environment'; environment: EnvironmentRecord & { split?: EnvSplit } };

/** Resolved inputs of one job: the pool units draw from, in a stable order. */
export interface TaskInputPool {
  items: TaskUnitInput[];
}

type ToolView = z.infer<typeof ToolViewSchema>;

const PAGE = 500;
const ENV_PAGE = 100;
/** Jobs whose resolved inputs are kept (a job's units ask for the same pool many times). */
const KEPT_JOBS = 8;

/** A catalog tool view as the pure code's ToolSpec (the OpenAI function's parameters). */
export function toolSpec(view: ToolView): ToolSpec {
  const fn = (view.openai['function'] ?? {}) as { parameters?: JsonSchema };
  return {
    name: view.name,
    description: view.description,
    parameters: fn.parameters ?? { type: 'object', properties: {} },
    outputSchema: (view.outputSchema as JsonSchema | null) ?? null,
  };
}

/** Task inputs over the bus: graph-miner's accepted chains and catalog, env-compiler's environments. */
@Injectable()
export class TaskInputs {
  private readonly pools = new Map<string, Promise<TaskInputPool>>();

  constructor(private readonly bus: MessageBus) {}

  /** The job's pool (resolved once per job while kept); a failed resolution is not kept. */
  pool(request: TaskGenerationRequest): Promise<TaskInputPool> {
    const key = `${request.jobId}:${JSON.stringify(request.input)}`;
    let found = this.pools.get(key);
    if (!found) {
      found = this.resolve(request);
      found.catch(() => this.pools.delete(key));
      this.pools.set(key, found);
      if (this.pools.size > KEPT_JOBS) this.pools.delete(this.pools.keys().next().value as string);
    }
    return found;
  }

  private async resolve(request: TaskGenerationRequest): Promise<TaskInputPool> {
    const { input } = request;
    if (input.kind === 'environments') return { items: await this.environments(input.jobId, input.split, input.limit) };
    if (input.kind === 'servers') {
      const items: TaskUnitInput[] = [];
      for (const server of input.servers) items.push({ kind: 'server', server, serverTools: await this.serverTools(server) });
      return { items };
    }
    return { items: await this.chains(input.servers) };
  }

  private async chains(servers: readonly string[] | undefined): Promise<TaskUnitInput[]> {
    const views: { id: string; server: string; tools: string[] }[] = [];
    for (const server of servers ?? [undefined]) {
      let cursor: string | undefined;
      do {
        const page = await this.bus.request('chains.list', {
          status: 'accepted',
          limit: PAGE,
          ...(server ? { server } : {}),
          ...(cursor ? { cursor } : {}),
        });
        views.push(...page.chains);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
    }
    views.sort((a, b) => a.id.localeCompare(b.id));
    const tools = new Map<string, ToolSpec[]>();
    const items: TaskUnitInput[] = [];
    for (const v of views) {
      if (!tools.has(v.server)) tools.set(v.server, await this.serverTools(v.server));
      items.push({ kind: 'chain', chainId: v.id, server: v.server, chain: v.tools, serverTools: tools.get(v.server) ?? [] });
    }
    return items;
  }

  private async serverTools(name: string): Promise<ToolSpec[]> {
    const out: ToolSpec[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.bus.request('catalog.server.show', { name, limit: PAGE, ...(cursor ? { cursor } : {}) });
      out.push(...page.tools.map(toolSpec));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    if (out.length === 0) throw new BusError('VALIDATION_FAILED', `server ${name} has no tools in the catalog`);
    return out;
  }

  private async environments(jobId: string, split: EnvSplit | undefined, limit: number | undefined): Promise<TaskUnitInput[]> {
    const items: TaskUnitInput[] = [];
    const max = limit ?? Number.POSITIVE_INFINITY;
    let cursor: string | undefined;
    do {
      const page = await this.bus.request('env-compiler.environment.export', {
        jobId,
        limit: ENV_PAGE,
        ...(split ? { split } : {}),
        ...(cursor ? { cursor } : {}),
      });
      for (const environment of page.environments) items.push({ kind: 'environment', environment });
      cursor = page.nextCursor;
    } while (cursor !== undefined && items.length < max);
    return items.slice(0, max);
  }
}
