import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  type ChainProposal,
  type EdgeConfirmation,
  edgesFromProposals,
  mergeHybrid,
  type ToolGraph,
  type ToolServer,
} from '@astra/domain/tool-graph';
import { GraphLlm, invalidAsData, LLM_ROLES } from './graph-llm';

const ProposalSchema = z.object({ chains: z.array(z.array(z.string())) });
const HybridSchema = z.object({
  candidates: z.array(z.object({ from: z.string(), to: z.string(), depends: z.boolean() })),
  chains: z.array(z.array(z.string())),
});

/** Bumped whenever a prompt changes what the model strategies produce, so the options hash tells the graphs apart. */
export const MODEL_PROMPT_VERSION = 2;

const SYSTEM =
  'You plan realistic sequences of tool calls in which each call uses what an earlier call returned. Use only the tool names given, exactly as written.';
const pairKey = (from: string, to: string) => `${from}\u0000${to}`;

/** A model-built graph and how many answers could not be used. */
export interface ModelGraph {
  graph: ToolGraph;
  invalidAnswers: number;
}

function toolList(server: ToolServer): string {
  return server.tools
    .map(
      (t) =>
        `- ${t.name}: ${t.description.replace(/\s+/g, ' ').slice(0, 300)} (parameters: ${Object.keys(t.parameters.properties ?? {}).join(', ') || 'none'})`,
    )
    .join('\n');
}

/** The llm and hybrid strategies: ask the chain_proposer role for chains, turn the answers into edges. */
@Injectable()
export class ModelGraphBuilder {
  constructor(private readonly llm: GraphLlm) {}

  /** Edges from `samples` proposals; unknown tool names are recorded as rejected, garbage answers as invalid. */
  async llmGraph(server: ToolServer, samples: number): Promise<ModelGraph> {
    const { client } = this.llm.require('the llm strategy', LLM_ROLES.proposer);
    const proposals: ChainProposal[] = [];
    let invalidAnswers = 0;
    // Sequential on purpose: answers arrive in a stable order, so a scripted or cached model replays exactly.
    for (let sample = 1; sample <= samples; sample += 1) {
      const answer = await invalidAsData(() =>
        client.structured(LLM_ROLES.proposer, ProposalSchema, { messages: this.prompt(server, sample, samples) }),
      );
      if ('invalid' in answer) invalidAnswers += 1;
      else proposals.push(...answer.value.value.chains.map((tools) => ({ tools })));
    }
    return { graph: edgesFromProposals(server, proposals), invalidAnswers };
  }

  /**
   * Each sample judges every structural candidate (depends or not) and proposes chains. A candidate is confirmed or
   * rejected by the majority of the samples that judged it (a tie or no judgement leaves it at its structural
   * weight); proposed pairs are added, discounted, unless the model rejected them.
   */
  async hybridGraph(server: ToolServer, structural: ToolGraph, samples: number): Promise<ModelGraph> {
    const { client } = this.llm.require('the hybrid strategy', LLM_ROLES.proposer);
    const candidates = new Set(structural.edges.map((e) => pairKey(e.from, e.to)));
    const tally = new Map<string, number>();
    const proposals: ChainProposal[] = [];
    let invalidAnswers = 0;
    for (let sample = 1; sample <= samples; sample += 1) {
      const messages = this.hybridPrompt(server, structural, sample, samples);
      const answer = await invalidAsData(() => client.structured(LLM_ROLES.proposer, HybridSchema, { messages }));
      if ('invalid' in answer) {
        invalidAnswers += 1;
        continue;
      }
      proposals.push(...answer.value.value.chains.map((tools) => ({ tools })));
      // One vote per candidate per sample; judgements of pairs that are not candidates are ignored.
      const judged = new Map(
        answer.value.value.candidates.filter((c) => candidates.has(pairKey(c.from, c.to))).map((c) => [pairKey(c.from, c.to), c.depends]),
      );
      for (const [key, depends] of judged) tally.set(key, (tally.get(key) ?? 0) + (depends ? 1 : -1));
    }
    const confirmations: EdgeConfirmation[] = structural.edges
      .filter((e) => (tally.get(pairKey(e.from, e.to)) ?? 0) !== 0)
      .map((e) => ({ from: e.from, to: e.to, confirmed: (tally.get(pairKey(e.from, e.to)) ?? 0) > 0 }));
    return { graph: mergeHybrid(structural, confirmations, edgesFromProposals(server, proposals)), invalidAnswers };
  }

  private hybridPrompt(server: ToolServer, structural: ToolGraph, sample: number, samples: number) {
    const candidates = structural.edges.map((e) => `- ${e.from} -> ${e.to}`).join('\n') || '(none)';
    return [
      { role: 'system' as const, content: SYSTEM },
      {
        role: 'user' as const,
        content:
          `Server "${server.name}" has these tools:\n${toolList(server)}\n\n` +
          `Candidate dependencies found from the schemas ("A -> B": B can use what A returns):\n${candidates}\n\n` +
          `Judge every candidate, then propose up to 10 plausible chains of 2 to 5 tool calls (judgement ${sample} of ${samples}). ` +
          'Reply with JSON only: {"candidates": [{"from": "A", "to": "B", "depends": true|false}, ...], "chains": [["first_tool", "second_tool"], ...]}',
      },
    ];
  }

  private prompt(server: ToolServer, sample: number, samples: number) {
    return [
      { role: 'system' as const, content: SYSTEM },
      {
        role: 'user' as const,
        content:
          `Server "${server.name}" has these tools:\n${toolList(server)}\n\n` +
          `Propose up to 10 plausible chains of 2 to 5 tool calls (proposal ${sample} of ${samples}). ` +
          'Reply with JSON only: {"chains": [["first_tool", "second_tool"], ...]}',
      },
    ];
  }
}
