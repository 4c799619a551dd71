import { BusError, type EnvLanguage, type TaskGenerationRequest, type TaskRecord } from '@astra/contracts';
import type { RandomSource, ToolSpec } from '@astra/domain/tool-graph';
import { augmentPrompt, chainTaskPrompt, type PromptMessage, serverTaskPrompt, taskId } from '@astra/domain/trajectories';
import type { Draft } from './task-generator';
import type { TaskUnitInput } from './task-inputs';
import type { TaskLlm } from './task-llm';

/** What one llm unit is about: its tools, source, the base prompt and the inputs of its lineage. */
export interface LlmUnit {
  tools: ToolSpec[];
  source: TaskRecord['source'];
  prompt: PromptMessage[];
  /** The questions' language (augmentations keep it). */
  language: EnvLanguage;
  inputs: string[];
}

/** `n` distinct tools drawn from a server's tools. */
function drawTools(tools: readonly ToolSpec[], n: number, random: RandomSource): ToolSpec[] {
  const pool = [...tools];
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random.next() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as ToolSpec, pool[i] as ToolSpec];
  }
  return pool.slice(0, Math.min(n, pool.length));
}

/** The unit's tools and prompt: the chain's exact sequence, or toolsPerTask tools of the server drawn with the unit's seed. */
export function llmUnit(request: TaskGenerationRequest, item: TaskUnitInput, language: EnvLanguage, random: RandomSource): LlmUnit {
  if (item.kind === 'chain') {
    const tools = item.chain.map((n) => item.serverTools.find((t) => t.name === n)).filter((t): t is ToolSpec => t !== undefined);
    return {
      tools,
      source: { kind: 'chain', chainId: item.chainId, server: item.server, tools: item.chain },
      prompt: chainTaskPrompt(tools, language),
      language,
      inputs: [item.chainId],
    };
  }
  if (item.kind === 'server') {
    const tools = drawTools(item.serverTools, request.input.kind === 'servers' ? request.input.toolsPerTask : 3, random);
    return {
      tools,
      source: { kind: 'server', server: item.server, tools: tools.map((t) => t.name) },
      prompt: serverTaskPrompt(item.server, tools, language),
      language,
      inputs: [item.server],
    };
  }
  throw new BusError('VALIDATION_FAILED', 'environment tasks use the environment strategy');
}

/** Writes, scores and augments one llm unit; every model failure becomes a rejected draft. */
export class LlmUnitWriter {
  constructor(
    private readonly llm: TaskLlm,
    private readonly request: TaskGenerationRequest,
    private readonly unit: LlmUnit,
    private readonly unitIndex: number,
  ) {}

  /** The base task, then (when it was accepted) its augmented variants in the order diverse, complicate, persona. */
  async drafts(personas: readonly string[], random: RandomSource): Promise<Draft[]> {
    const base = await this.draft(this.unit.prompt);
    if (!base.accepted) return [base];
    const parentId = taskId(base);
    const out = [base];
    for (const kind of ['diverse', 'complicate', 'persona'] as const) {
      for (let i = 0; i < this.request.augment[kind]; i += 1) {
        const persona = kind === 'persona' ? personas[Math.floor(random.next() * personas.length)] : undefined;
        const messages = augmentPrompt(kind, base.question, this.unit.tools, this.unit.language, persona, i + 1);
        out.push(await this.draft(messages, { kind, parentId, ...(persona ? { persona } : {}) }));
      }
    }
    return out;
  }

  private async draft(messages: PromptMessage[], augmentation?: Draft['augmentation']): Promise<Draft> {
    const { tools, source, inputs } = this.unit;
    const common = {
      source,
      targetTools: tools.map((t) => t.name),
      strategy: 'llm' as const,
      lineage: { model: this.llm.model, seed: this.request.seed, inputs },
      ...(augmentation ? { augmentation } : {}),
    };
    const written = await this.llm.write(messages, tools);
    if (!written.ok) {
      // A record needs a question; this one says which unit had none and why (its id stays unique per unit).
      const question = `(unit ${this.unitIndex}${augmentation ? ` ${augmentation.kind}` : ''}: no question: ${written.reason})`;
      return { ...common, question, accepted: false, rejectReason: written.reason };
    }
    const scored = await this.llm.score(written.question, tools, this.request.thresholds);
    if (!scored.ok) return { ...common, question: written.question, accepted: false, rejectReason: scored.reason };
    const verdict = scored.rejectReason ? { accepted: false, rejectReason: scored.rejectReason } : { accepted: true };
    return { ...common, question: written.question, scores: scored.scores, ...verdict };
  }
}
