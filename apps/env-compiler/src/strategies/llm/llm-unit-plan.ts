import { BusError, contentHash, type EnvSynthesisRequest, type ScenarioType } from '@astra/contracts';
import { budgetFor, scenarioTypesFor, type HopBudget, type QaSource } from '@astra/domain/environments';

/** What one unit of the llm strategy works from. */
export interface LlmUnitPlan {
  source: QaSource;
  /** The scenario type to aim for (units from a domain); a given question keeps the structure it has. */
  scenarioType?: ScenarioType;
  /** The request's hop budget, narrowed to the target scenario type when there is one. */
  hops: HopBudget;
  /** Content hashes of the inputs (lineage). */
  inputs: string[];
  /** Hash of the source question (question-conditional units), for splits by template. */
  template?: string;
}

/** The sources of a request, questions first, then domains; units cycle over them. */
export function llmSources(request: EnvSynthesisRequest): QaSource[] {
  const questions: QaSource[] = (request.questions ?? []).map((q) => ({ kind: 'question', question: q.question, domain: q.domain }));
  const domains: QaSource[] = (request.domains ?? []).map((d) => ({
    kind: 'domain',
    domain: d.domain,
    knowledgeCorpus: d.knowledgeCorpus,
  }));
  return [...questions, ...domains];
}

/** The source, target scenario type and lineage inputs of unit `index`. */
export function planLlmUnit(request: EnvSynthesisRequest, index: number): LlmUnitPlan {
  const sources = llmSources(request);
  const source = sources[index % Math.max(1, sources.length)];
  if (source === undefined) throw new BusError('VALIDATION_FAILED', 'the llm strategy needs questions or domains to work from');
  if (source.kind === 'question') {
    const hash = contentHash({ question: source.question, domain: source.domain });
    return { source, hops: request.hops, inputs: [hash], template: contentHash({ question: source.question }) };
  }
  // Units from domains cycle over the scenario types the hop range allows, so a run gets a mix of them.
  const types = scenarioTypesFor(request.hops);
  const scenarioType = types[(index + request.seed) % Math.max(1, types.length)];
  if (scenarioType === undefined)
    throw new BusError('VALIDATION_FAILED', `no scenario type fits hops ${request.hops.min} to ${request.hops.max}`);
  const inputs = [contentHash({ domain: source.domain, knowledgeCorpus: source.knowledgeCorpus ?? null })];
  return { source, scenarioType, hops: budgetFor(scenarioType, request.hops), inputs };
}
