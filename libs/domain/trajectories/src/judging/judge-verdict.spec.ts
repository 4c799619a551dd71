import { AcceptanceRuleSchema, type DimensionScore, type JudgeDimension, type RuleCheck } from '@astra/contracts';
import { decideVerdict, dimensionMean } from './acceptance';
import { dimensionFromText, dimensionFromValue, scaleScore, unknownDimension } from './judge-answer';
import { JUDGE_DIMENSIONS } from './judge-dimensions';
import { judgePrompt } from './judge-prompt';
import { goodTrajectory } from './judging.fixture';

const PASSING_RULES: RuleCheck[] = (['tools-exist', 'arguments-match-schema', 'results-used', 'answer-grounded'] as const).map((rule) => ({
  rule,
  passed: true,
}));
const DEFAULTS = AcceptanceRuleSchema.parse({});
const AT = '2026-01-01T00:00:00.000Z';

function scored(score: number, except: Partial<Record<JudgeDimension, DimensionScore>> = {}): DimensionScore[] {
  return JUDGE_DIMENSIONS.map((dimension) => except[dimension] ?? { dimension, status: 'scored', score, reason: 'ok' });
}

describe('judge prompts', () => {
  it('writes one prompt per dimension that names it, shows the trajectory and asks for the JSON answer', () => {
    expect(JUDGE_DIMENSIONS).toHaveLength(7);
    const prompts = JUDGE_DIMENSIONS.map((d) => judgePrompt(d, goodTrajectory()));
    expect(new Set(prompts.map((p) => p[1]?.content)).size).toBe(7);
    const [system, user] = judgePrompt('tool-conciseness', goodTrajectory());
    expect(system?.content).toContain('"score"');
    expect(user?.content).toContain('Dimension: tool-conciseness');
    expect(user?.content).toContain('calls get_weather (id c1) with {"city":"Lyon","unit":"c"}');
    expect(user?.content).toContain('21.5');
  });
});

describe('judge answer parsing', () => {
  it('maps the 1-5 scale to 0..1', () => {
    expect([1, 2, 3, 4, 5].map(scaleScore)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('scores a valid answer, even fenced or after prose', () => {
    expect(dimensionFromText('final-answer', 'Sure:\n```json\n{"score": 4, "reason": "mostly right"}\n```')).toEqual({
      dimension: 'final-answer',
      status: 'scored',
      score: 0.75,
      reason: 'mostly right',
    });
  });

  it.each([
    ['garbage text', 'I think it is fine'],
    ['broken JSON', '{"score": 4, "reason": '],
    ['a score out of range', '{"score": 7, "reason": "great"}'],
    ['a fractional score', '{"score": 3.5, "reason": "meh"}'],
    ['a missing reason', '{"score": 5}'],
  ])('makes %s unknown, with no score', (_name, text) => {
    const d = dimensionFromText('query-planning', text);
    expect(d).toMatchObject({ dimension: 'query-planning', status: 'unknown', score: null });
    expect(d.reason).toMatch(/^unknown: /);
  });

  it('makes a non-object value unknown', () => {
    expect(dimensionFromValue('query-planning', 5).status).toBe('unknown');
  });
});

describe('acceptance', () => {
  it('accepts on the rules alone in rules mode', () => {
    const verdict = decideVerdict({ mode: 'rules', rules: PASSING_RULES, dimensions: [], acceptance: DEFAULTS, judgedAt: AT });
    expect(verdict).toEqual({ accepted: true, mode: 'rules', rules: PASSING_RULES, dimensions: [], mean: null, reasons: [], judgedAt: AT });
  });

  it('rejects a failed rule in either mode, naming it', () => {
    const rules = PASSING_RULES.map((r) =>
      r.rule === 'results-used' ? { ...r, passed: false, detail: 'call c1 has no tool message' } : r,
    );
    const inRules = decideVerdict({ mode: 'rules', rules, dimensions: [], acceptance: DEFAULTS, judgedAt: AT });
    expect(inRules).toMatchObject({ accepted: false, reasons: ['rule results-used failed: call c1 has no tool message'] });
    const skipped = decideVerdict({ mode: 'model', rules, dimensions: [], acceptance: DEFAULTS, judgedAt: AT });
    expect(skipped).toMatchObject({ accepted: false, mean: null, reasons: ['rule results-used failed: call c1 has no tool message'] });
  });

  it('accepts seven good dimensions in model mode, with their mean', () => {
    const verdict = decideVerdict({
      mode: 'model',
      rules: PASSING_RULES,
      dimensions: scored(0.75),
      acceptance: DEFAULTS,
      model: 'judge-m',
      judgedAt: AT,
    });
    expect(verdict).toMatchObject({ accepted: true, mean: 0.75, reasons: [], model: 'judge-m' });
  });

  it('never passes an unknown dimension, however high the others score', () => {
    const dimensions = scored(1, { 'final-answer': unknownDimension('final-answer', 'LLM_UNAVAILABLE') });
    const verdict = decideVerdict({
      mode: 'model',
      rules: PASSING_RULES,
      dimensions,
      acceptance: { ...DEFAULTS, minMean: 0, minDimension: 0 },
      judgedAt: AT,
    });
    expect(verdict).toMatchObject({ accepted: false, mean: null });
    expect(verdict.reasons).toEqual(['dimension final-answer unknown (unknown: LLM_UNAVAILABLE)']);
    expect(dimensionMean(dimensions)).toBeNull();
  });

  it('rejects a low dimension, a low mean and missing dimensions; per-dimension minimums override', () => {
    const low = scored(1, { 'query-planning': { dimension: 'query-planning', status: 'scored', score: 0.25, reason: 'poor' } });
    expect(decideVerdict({ mode: 'model', rules: PASSING_RULES, dimensions: low, acceptance: DEFAULTS, judgedAt: AT }).reasons).toEqual([
      'dimension query-planning scored 0.25 < 0.5',
    ]);
    const lenient = { ...DEFAULTS, perDimension: { 'query-planning': 0.25 } };
    expect(decideVerdict({ mode: 'model', rules: PASSING_RULES, dimensions: low, acceptance: lenient, judgedAt: AT }).accepted).toBe(true);
    const strict = { ...DEFAULTS, perDimension: { 'final-answer': 1 } };
    expect(
      decideVerdict({ mode: 'model', rules: PASSING_RULES, dimensions: scored(0.75), acceptance: strict, judgedAt: AT }).reasons,
    ).toEqual(['dimension final-answer scored 0.75 < 1']);
    expect(
      decideVerdict({ mode: 'model', rules: PASSING_RULES, dimensions: scored(0.5), acceptance: DEFAULTS, judgedAt: AT }).reasons,
    ).toEqual(['mean 0.5 < 0.7']);
    const six = scored(1).slice(0, 6);
    expect(decideVerdict({ mode: 'model', rules: PASSING_RULES, dimensions: six, acceptance: DEFAULTS, judgedAt: AT }).reasons).toEqual([
      'dimensions not judged: final-answer',
    ]);
  });
});
