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

/** A model-built graph and how many answers could not be used. */
export interface ModelGraph {
  graph: ToolGraph;
  invalidAnswers: number;
}

function toolList(server: ToolServer): string {
  return server.tools
    .map((t) => `- ${t.name}: ${t.description.replace(/\s+/g, ' ').slice(0, 300)} (parameters: ${Object.keys(t.parameters.properties ?? {}).join(', ') || 'none'})`)
    .join('\n');
}

/** The llm and hybrid strategies: ask the chain_proposer role for chains, turn the answers into edges. */
@Injectable()
export class ModelGraphBuilder {
  constructor(private readonly llm: GraphLlm) {}

  /** Edges from `samples` proposals; unknown tool names are recorded as rejected, garbage answers as invalid. */
  async llmGraph(server: ToolServer, samples: number, candidates?: ToolGraph): Promise<ModelGraph> {
    const { client } = this.llm.require('the llm strategy', LLM_ROLES.proposer);
    const proposals: ChainProposal[] = [];
    let invalidAnswers = 0;
    // Sequential on purpose: answers arrive in a stable order, so a scripted or cached model replays exactly.
    for (let sample = 1; sample <= samples; sample += 1) {
      const answer = await invalidAsData(() => client.structured(LLM_ROLES.proposer, ProposalSchema, { messages: this.prompt(server, sample, samples, candidates) }));
      if ('invalid' in answer) invalidAnswers += 1;
      else proposals.push(...answer.value.value.chains.map((tools) => ({ tools })));
    }
    return { graph: edgesFromProposals(server, proposals), invalidAnswers };
  }

  /** Structural candidates confirmed where the model chained the same pair; model-only pairs are added, discounted. */
  async hybridGraph(server: ToolServer, structural: ToolGraph, samples: number): Promise<ModelGraph> {
    this.llm.require('the hybrid strategy', LLM_ROLES.proposer);
    const proposed = await this.llmGraph(server, samples, structural);
    const pairs = new Set(proposed.graph.edges.map((e) => `${e.from}\u0000${e.to}`));
    // A candidate the model did not chain is left unjudged (kept at its structural weight), not rejected.
    const confirmations: EdgeConfirmation[] = structural.edges
      .filter((e) => pairs.has(`${e.from}\u0000${e.to}`))
      .map((e) => ({ from: e.from, to: e.to, confirmed: true }));
    return { graph: mergeHybrid(structural, confirmations, proposed.graph), invalidAnswers: proposed.invalidAnswers };
  }

  private prompt(server: ToolServer, sample: number, samples: number, candidates?: ToolGraph) {
    const hints = candidates && candidates.edges.length > 0
      ? `\nCandidate dependencies found from the schemas (confirm them by using them, ignore wrong ones):\n${candidates.edges.map((e) => `- ${e.from} -> ${e.to}`).join('\n')}\n`
      : '';
    return [
      { role: 'system' as const, content: 'You plan realistic sequences of tool calls in which each call uses what an earlier call returned. Use only the tool names given, exactly as written.' },
      {
        role: 'user' as const,
        content: `Server "${server.name}" has these tools:\n${toolList(server)}\n${hints}\n` +
          `Propose up to 10 plausible chains of 2 to 5 tool calls (proposal ${sample} of ${samples}). ` +
          'Reply with JSON only: {"chains": [["first_tool", "second_tool"], ...]}',
      },
    ];
  }
}
