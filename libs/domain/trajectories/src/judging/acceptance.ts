import type { AcceptanceRule, DimensionScore, JudgeVerdict, RuleCheck } from '@astra/contracts';
import { JUDGE_DIMENSIONS } from './judge-dimensions';

/** What a verdict is decided from. `dimensions` is empty in rules mode (no judge model configured). */
export interface VerdictInput {
  mode: JudgeVerdict['mode'];
  rules: RuleCheck[];
  dimensions: DimensionScore[];
  acceptance: AcceptanceRule;
  model?: string;
  judgedAt: string;
}

const fmt = (n: number): string => String(Math.round(n * 1000) / 1000);

function ruleReasons(rules: RuleCheck[]): string[] {
  return rules.filter((r) => !r.passed).map((r) => `rule ${r.rule} failed${r.detail ? `: ${r.detail}` : ''}`);
}

/** Unknown, missing and low dimensions. Dimensions skipped because a rule failed first are not reasons of their own. */
function dimensionReasons(input: VerdictInput, rulesFailed: boolean): string[] {
  const { dimensions, acceptance } = input;
  if (rulesFailed && dimensions.length === 0) return [];
  const reasons: string[] = [];
  const judged = new Set(dimensions.map((d) => d.dimension));
  const missing = JUDGE_DIMENSIONS.filter((d) => !judged.has(d));
  if (missing.length > 0) reasons.push(`dimensions not judged: ${missing.join(', ')}`);
  for (const d of dimensions) {
    const minimum = acceptance.perDimension[d.dimension] ?? acceptance.minDimension;
    if (d.status === 'unknown' || d.score === null) reasons.push(`dimension ${d.dimension} unknown (${d.reason})`);
    else if (d.score < minimum) reasons.push(`dimension ${d.dimension} scored ${fmt(d.score)} < ${fmt(minimum)}`);
  }
  return reasons;
}

/** Mean of the dimension scores; null when there are none or any is unknown (an unknown is never averaged away). */
export function dimensionMean(dimensions: DimensionScore[]): number | null {
  if (dimensions.length === 0) return null;
  let sum = 0;
  for (const d of dimensions) {
    if (d.status !== 'scored' || d.score === null) return null;
    sum += d.score;
  }
  return sum / dimensions.length;
}

/**
 * The verdict, failing closed: every rule must pass; in model mode all seven dimensions must be scored (unknown never
 * passes), each at least its minimum and their mean at least minMean; rules mode accepts on the rules alone.
 */
export function decideVerdict(input: VerdictInput): JudgeVerdict {
  const reasons = ruleReasons(input.rules);
  const rulesFailed = reasons.length > 0;
  const mean = input.mode === 'model' ? dimensionMean(input.dimensions) : null;
  if (input.mode === 'model') {
    reasons.push(...dimensionReasons(input, rulesFailed));
    if (mean !== null && mean < input.acceptance.minMean) reasons.push(`mean ${fmt(mean)} < ${fmt(input.acceptance.minMean)}`);
  }
  if (input.mode === 'model' && mean === null && reasons.length === 0) reasons.push('no dimension was scored');
  const verdict: JudgeVerdict = {
    accepted: reasons.length === 0,
    mode: input.mode,
    rules: input.rules,
    dimensions: input.mode === 'model' ? input.dimensions : [],
    mean,
    reasons,
    judgedAt: input.judgedAt,
  };
  if (input.model !== undefined) verdict.model = input.model;
  return verdict;
}
