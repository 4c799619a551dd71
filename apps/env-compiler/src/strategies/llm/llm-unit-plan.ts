import { BusError, contentHash, type EnvSynthesisRequest, type ScenarioType } from '@astra/contracts';
import { budgetFor, scenarioTypesFor, type HopBudget, type QaSource } from '@astra/domain/environments';

/** What one unit of the llm strategy works from. */
export interface LlmUnitPlan {
  source: QaSource;
  scenarioType: ScenarioType;
  /** The request's hop budget narrowed to the target scenario type. */
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
  const types = scenarioTypesFor(request.hops);
  const source = sources[index % Math.max(1, sources.length)];
  const scenarioType = types[(index + request.seed) % Math.max(1, types.length)];
  if (source === undefined || scenarioType === undefined) {
    throw new BusError('VALIDATION_FAILED', 'the llm strategy needs questions or domains, and a hop range that allows a scenario type');
  }
  const hops = budgetFor(scenarioType, request.hops);
  if (source.kind === 'question') {
    const hash = contentHash({ question: source.question, domain: source.domain });
    return { source, scenarioType, hops, inputs: [hash], template: contentHash({ question: source.question }) };
  }
  return { source, scenarioType, hops, inputs: [contentHash({ domain: source.domain, knowledgeCorpus: source.knowledgeCorpus ?? null })] };
}
