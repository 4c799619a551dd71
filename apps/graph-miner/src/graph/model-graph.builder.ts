import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  type ChainProposal,
  EDGE_KINDS,
  type EdgeConfirmation,
  edgeKind,
  edgesFromProposals,
  type NamedDependency,
  mergeHybrid,
  type ToolGraph,
  type ToolServer,
} from '@astra/domain/tool-graph';
import { GraphLlm, invalidAsData, LLM_ROLES } from './graph-llm';

const KindSchema = z.enum(EDGE_KINDS);
// Older answers without dependencies still parse: the list defaults to empty.
const DependenciesSchema = z.array(z.object({ from: z.string(), to: z.string(), kind: KindSchema })).default([]);
const ProposalSchema = z.object({ chains: z.array(z.array(z.string())), dependencies: DependenciesSchema });
const HybridSchema = z.object({
  candidates: z.array(z.object({ from: z.string(), to: z.string(), depends: z.boolean(), kind: KindSchema.optional() })),
  chains: z.array(z.array(z.string())),
  dependencies: DependenciesSchema,
});

/** Bumped whenever a prompt changes what the model strategies produce, so the options hash tells the graphs apart. */
export const MODEL_PROMPT_VERSION = 3;

/** How the prompts name the kinds of dependency, so a model reports state as well as data flow. */
export const KIND_GUIDE =
  'Kinds of dependency ("A -> B": call A before B): ' +
  'data (B takes a value A returns); ' +
  'session (A logs in or authenticates, B acts as that user); ' +
  'context (A sets the current directory, account or selected item, or brings about a precondition B states, and B works on the current one); ' +
  'check (A looks up a price, availability or balance before B books, buys or pays); ' +
  'conversion (A converts units, currencies or formats and its result feeds an argument of B under another name).';

const SYSTEM =
  'You plan realistic sequences of tool calls in which each call needs an earlier one: because it uses what that call returned, ' +
  'or because that call logged in, set the current item, checked a price or availability, or converted a value. ' +
  'Use only the tool names given, exactly as written.';
const DEPENDENCIES_REPLY = '"dependencies": [{"from": "A", "to": "B", "kind": "data|session|context|check|conversion"}, ...]';
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
    const dependencies: NamedDependency[] = [];
    let invalidAnswers = 0;
    // Sequential on purpose: answers arrive in a stable order, so a scripted or cached model replays exactly.
    for (let sample = 1; sample <= samples; sample += 1) {
      const answer = await invalidAsData(() =>
        client.structured(LLM_ROLES.proposer, ProposalSchema, { messages: this.prompt(server, sample, samples) }),
      );
      if ('invalid' in answer) invalidAnswers += 1;
      else {
        proposals.push(...answer.value.value.chains.map((tools) => ({ tools })));
        dependencies.push(...answer.value.value.dependencies);
      }
    }
    return { graph: edgesFromProposals(server, proposals, dependencies), invalidAnswers };
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
    const dependencies: NamedDependency[] = [];
    let invalidAnswers = 0;
    for (let sample = 1; sample <= samples; sample += 1) {
      const messages = this.hybridPrompt(server, structural, sample, samples);
      const answer = await invalidAsData(() => client.structured(LLM_ROLES.proposer, HybridSchema, { messages }));
      if ('invalid' in answer) {
        invalidAnswers += 1;
        continue;
      }
      const { chains, candidates: judgements, dependencies: named } = answer.value.value;
      proposals.push(...chains.map((tools) => ({ tools })));
      dependencies.push(
        ...named,
        ...judgements.flatMap((c) => (c.depends && c.kind && c.kind !== 'data' ? [{ from: c.from, to: c.to, kind: c.kind }] : [])),
      );
      // One vote per candidate per sample; judgements of pairs that are not candidates are ignored.
      const judged = new Map(
        judgements.filter((c) => candidates.has(pairKey(c.from, c.to))).map((c) => [pairKey(c.from, c.to), c.depends]),
      );
      for (const [key, depends] of judged) tally.set(key, (tally.get(key) ?? 0) + (depends ? 1 : -1));
    }
    const confirmations: EdgeConfirmation[] = structural.edges
      .filter((e) => (tally.get(pairKey(e.from, e.to)) ?? 0) !== 0)
      .map((e) => ({ from: e.from, to: e.to, confirmed: (tally.get(pairKey(e.from, e.to)) ?? 0) > 0 }));
    return { graph: mergeHybrid(structural, confirmations, edgesFromProposals(server, proposals, dependencies)), invalidAnswers };
  }

  private hybridPrompt(server: ToolServer, structural: ToolGraph, sample: number, samples: number) {
    const candidates = structural.edges.map((e) => `- ${e.from} -> ${e.to} (${edgeKind(e)})`).join('\n') || '(none)';
    return [
      { role: 'system' as const, content: SYSTEM },
      {
        role: 'user' as const,
        content:
          `Server "${server.name}" has these tools:\n${toolList(server)}\n\n` +
          `Candidate dependencies found from the schemas and descriptions ("A -> B (kind)"):\n${candidates}\n\n${KIND_GUIDE}\n\n` +
          'Judge every candidate (and correct its kind if it is wrong), name the state dependencies (session, context, check, conversion) ' +
          `the candidates miss, then propose up to 10 plausible chains of 2 to 5 tool calls (judgement ${sample} of ${samples}). ` +
          'Reply with JSON only: {"candidates": [{"from": "A", "to": "B", "depends": true|false, "kind": "data|session|context|check|conversion"}, ...], ' +
          `"chains": [["first_tool", "second_tool"], ...], ${DEPENDENCIES_REPLY}}`,
      },
    ];
  }

  private prompt(server: ToolServer, sample: number, samples: number) {
    return [
      { role: 'system' as const, content: SYSTEM },
      {
        role: 'user' as const,
        content:
          `Server "${server.name}" has these tools:\n${toolList(server)}\n\n${KIND_GUIDE}\n\n` +
          `Propose up to 10 plausible chains of 2 to 5 tool calls, and name the dependencies between tools with their kinds (proposal ${sample} of ${samples}). ` +
          `Reply with JSON only: {"chains": [["first_tool", "second_tool"], ...], ${DEPENDENCIES_REPLY}}`,
      },
    ];
  }
}
