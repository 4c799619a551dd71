// Pure operators the service uses around LLM judges: voting and back-translation matching. Both fail closed.

import { Verdict } from '../tool-graph.types';

/** A judge's answer as the service saw it: a parsed verdict, or the reason it could not be parsed. */
export type JudgeAnswer = Verdict | { parseError: string };

function asVerdict(answer: JudgeAnswer): Verdict {
  if ('parseError' in answer) return { status: 'unknown', reasons: [{ message: `unparseable answer: ${answer.parseError}` }] };
  return answer;
}

/**
 * Strict majority over all answers, unknowns included: a parse failure counts as `unknown`, and `unknown`
 * votes count against both sides, so they can never tip a chain into `accepted`. No majority -> `unknown`.
 */
export function majorityVote(answers: readonly JudgeAnswer[]): Verdict {
  const verdicts = answers.map(asVerdict);
  const count = (s: Verdict['status']): number => verdicts.filter((v) => v.status === s).length;
  const half = verdicts.length / 2;
  const tally = `accepted ${count('accepted')}, rejected ${count('rejected')}, unknown ${count('unknown')}`;
  if (verdicts.length > 0 && count('accepted') > half) return { status: 'accepted', reasons: [{ message: tally }] };
  if (verdicts.length > 0 && count('rejected') > half) {
    const reasons = verdicts.filter((v) => v.status === 'rejected').flatMap((v) => v.reasons);
    return { status: 'rejected', reasons: [{ message: tally }, ...reasons] };
  }
  return { status: 'unknown', reasons: [{ message: verdicts.length === 0 ? 'no answers' : `no majority: ${tally}` }] };
}

/**
 * Back-translation check: the chain a model reconstructs from a generated task must equal the sampled chain,
 * tool for tool (names trimmed, case kept). `null` means the model's answer could not be parsed -> `unknown`.
 */
export function backTranslationMatches(chain: readonly string[], reconstructed: readonly string[] | null): Verdict {
  if (reconstructed === null) return { status: 'unknown', reasons: [{ message: 'reconstruction could not be parsed' }] };
  const got = reconstructed.map((s) => s.trim());
  const length = Math.max(chain.length, got.length);
  for (let step = 0; step < length; step += 1) {
    if (chain[step] !== got[step]) {
      const message = `step ${step}: expected ${chain[step] ?? '(end)'}, got ${got[step] ?? '(end)'}`;
      return { status: 'rejected', reasons: [{ step, tool: chain[step], message }] };
    }
  }
  return { status: 'accepted', reasons: [] };
}
