import type { JudgedTrajectory, OfferedTool, RuleCheck } from '@astra/contracts';
import { parseArguments, schemaProblems } from './argument-schema';
import { sharedTokens } from './grounding';
import { isErrorResult, type TrajectoryView, viewTrajectory } from './trajectory-view';

const MAX_DETAIL = 2000;

function check(rule: RuleCheck['rule'], problems: string[], passed: string): RuleCheck {
  if (problems.length === 0) return { rule, passed: true, detail: passed };
  const detail = problems.join('; ');
  return { rule, passed: false, detail: detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 1)}…` : detail };
}

function toolsByName(tools: OfferedTool[]): Map<string, OfferedTool> {
  return new Map(tools.map((tool) => [tool.function.name, tool]));
}

/** tools-exist: every assistant tool call names a tool that was offered. */
export function checkToolsExist(trajectory: JudgedTrajectory, view: TrajectoryView = viewTrajectory(trajectory)): RuleCheck {
  const offered = toolsByName(trajectory.tools);
  const problems = view.calls.filter((c) => !offered.has(c.tool)).map((c) => `call ${c.id} names "${c.tool}", which was not offered`);
  return check('tools-exist', problems, `${view.calls.length} call(s), each to an offered tool`);
}

/** arguments-match-schema: each call to an offered tool has a JSON object of arguments that fits the tool's schema. */
export function checkArgumentsMatchSchema(trajectory: JudgedTrajectory, view: TrajectoryView = viewTrajectory(trajectory)): RuleCheck {
  const offered = toolsByName(trajectory.tools);
  const problems: string[] = [];
  for (const call of view.calls) {
    const tool = offered.get(call.tool);
    if (!tool) continue; // tools-exist reports it
    const parsed = parseArguments(call.arguments);
    if (!parsed.ok) problems.push(`call ${call.id} (${call.tool}): ${parsed.error}`);
    else
      for (const problem of schemaProblems(parsed.value, tool.function.parameters))
        problems.push(`call ${call.id} (${call.tool}): ${problem}`);
  }
  return check('arguments-match-schema', problems, 'every call has arguments that fit its tool schema');
}

/**
 * results-used: every call has its tool message, and every tool message with a result (not an error) is followed by
 * an assistant turn (the final answer counts): a conversation that ends on results, or answers in the same turn
 * that asks for them, ignored them.
 */
export function checkResultsUsed(trajectory: JudgedTrajectory, view: TrajectoryView = viewTrajectory(trajectory)): RuleCheck {
  const { messages } = trajectory;
  const problems: string[] = [];
  if (view.finalIndex === undefined) problems.push('the conversation does not end with an assistant answer');
  for (const call of view.calls) {
    if (call.resultIndex === undefined) {
      problems.push(`call ${call.id} (${call.tool}) has no tool message`);
      continue;
    }
    if (isErrorResult(call.result ?? '')) continue;
    const seen = messages.slice(call.resultIndex + 1).some((m) => m.role === 'assistant');
    if (!seen) problems.push(`the result of call ${call.id} (${call.tool}) is never followed by an assistant turn`);
  }
  for (const index of view.orphanResults) problems.push(`the tool message at ${index} answers no call`);
  return check('results-used', problems, 'every call has a result, and every result was read before the answer');
}

/** answer-grounded: the final answer is not empty and repeats a number or distinctive word of the tools' results. */
export function checkAnswerGrounded(trajectory: JudgedTrajectory, view: TrajectoryView = viewTrajectory(trajectory)): RuleCheck {
  if (view.finalAnswer === '') return check('answer-grounded', ['the final answer is empty'], '');
  const results = view.calls.flatMap((c) => (c.result !== undefined && !isErrorResult(c.result) ? [c.result] : []));
  if (results.length === 0) return check('answer-grounded', ['no tool returned a result to ground the answer in'], '');
  const shared = sharedTokens(view.finalAnswer, results);
  if (shared.length === 0)
    return check('answer-grounded', ['the final answer shares no number or distinctive word with the tool results'], '');
  return check('answer-grounded', [], `the answer uses the tool results (${shared.slice(0, 5).join(', ')})`);
}

/** The four model-free checks, in order; each reports its own detail. */
export function runRuleChecks(trajectory: JudgedTrajectory): RuleCheck[] {
  const view = viewTrajectory(trajectory);
  return [
    checkToolsExist(trajectory, view),
    checkArgumentsMatchSchema(trajectory, view),
    checkResultsUsed(trajectory, view),
    checkAnswerGrounded(trajectory, view),
  ];
}
