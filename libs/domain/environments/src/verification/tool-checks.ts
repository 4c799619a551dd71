import type { EnvironmentContentInput, SandboxResult, ToolCheck } from '@astra/contracts';
import { containsAnswer, resultText } from '../answer/normalise-answer';

/** One call the checks make in an environment's sandbox session, and what it must show. */
export type PlannedCall =
  | {
      readonly kind: 'answers';
      readonly tool: string;
      readonly subTask: string;
      readonly arguments: Record<string, unknown>;
      readonly answer: string;
    }
  | {
      readonly kind: 'rejects-bad-input';
      readonly tool: string;
      readonly arguments: Record<string, unknown>;
      readonly answers: readonly string[];
    };

// A raised error of these types is the tool refusing its input on purpose; anything else (KeyError, IndexError,
// AttributeError, ZeroDivisionError, ...) is the tool crashing on it.
const CLEAR_ERROR_TYPES = new Set(['ValueError', 'TypeError', 'LookupError', 'RangeError', 'Error']);

/**
 * The calls that check an environment's tools: each sub-task's call statement (it must answer, the same way twice)
 * and each tool's bad calls (each must fail with a clear error, not crash and not leak an answer). A tool that no
 * sub-task calls still has its bad calls checked; merged tools are checked through every member's call statement.
 */
export function planToolChecks(content: EnvironmentContentInput): PlannedCall[] {
  const calls: PlannedCall[] = [];
  for (const task of content.subTasks) {
    if (!task.call) continue;
    calls.push({ kind: 'answers', tool: task.call.tool, subTask: task.id, arguments: task.call.arguments, answer: task.answer });
  }
  for (const tool of content.tools) {
    const answers = content.subTasks.filter((t) => t.call?.tool === tool.name).map((t) => t.answer);
    for (const args of tool.badCalls ?? []) calls.push({ kind: 'rejects-bad-input', tool: tool.name, arguments: args, answers });
  }
  return calls;
}

/** Tool-level problems the sandbox need not be asked about: a call statement naming a tool the environment lacks. */
export function staticToolChecks(content: EnvironmentContentInput): ToolCheck[] {
  const names = new Set(content.tools.map((t) => t.name));
  const checks: ToolCheck[] = [];
  for (const task of content.subTasks) {
    if (task.toolNecessity && !task.call) {
      checks.push({
        tool: '-',
        check: 'answers',
        passed: false,
        subTask: task.id,
        detail: 'the sub-task needs a tool but has no call statement',
      });
    } else if (task.call && !names.has(task.call.tool)) {
      checks.push({
        tool: task.call.tool,
        check: 'answers',
        passed: false,
        subTask: task.id,
        detail: 'the call statement names a tool the environment does not have',
      });
    }
  }
  return checks;
}

function outcome(result: SandboxResult): string {
  if (result.status === 'ok') return resultText(result.value, result.stdout).slice(0, 300);
  const error = result.error ? `${result.error.type}: ${result.error.message}` : result.stderr.slice(0, 300);
  return `${result.status}${error ? ` (${error.slice(0, 300)})` : ''}`;
}

/** Judges an `answers` call: it ran, its output contains the answer, and a second run gave the same result. */
export function judgeAnswerCall(call: Extract<PlannedCall, { kind: 'answers' }>, result: SandboxResult): ToolCheck[] {
  const base = { tool: call.tool, subTask: call.subTask };
  const answered = result.status === 'ok' && containsAnswer(resultText(result.value, result.stdout), call.answer);
  const checks: ToolCheck[] = [
    answered
      ? { ...base, check: 'answers', passed: true }
      : { ...base, check: 'answers', passed: false, detail: `expected ${JSON.stringify(call.answer)}; got ${outcome(result)}` },
  ];
  if (result.deterministic !== undefined) {
    checks.push(
      result.deterministic
        ? { ...base, check: 'deterministic', passed: true }
        : { ...base, check: 'deterministic', passed: false, detail: 'a second run of the same call gave another result' },
    );
  }
  return checks;
}

/** The message of a clear error: a raised error of a refusing type, or a returned `{ "error": "..." }`; undefined otherwise. */
function clearError(result: SandboxResult): string | undefined {
  if (result.status === 'error' && result.error && CLEAR_ERROR_TYPES.has(result.error.type) && result.error.message.trim() !== '') {
    return `${result.error.type}: ${result.error.message}`;
  }
  const value = result.value;
  if (result.status === 'ok' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const error = (value as Record<string, unknown>)['error'];
    if (typeof error === 'string' && error.trim() !== '') return error;
  }
  return undefined;
}

/** Judges a bad call: a clear error that gives away none of the tool's answers. */
export function judgeBadCall(call: Extract<PlannedCall, { kind: 'rejects-bad-input' }>, result: SandboxResult): ToolCheck {
  const base = { tool: call.tool, check: 'rejects-bad-input' as const };
  const args = JSON.stringify(call.arguments).slice(0, 200);
  const message = clearError(result);
  if (message === undefined) return { ...base, passed: false, detail: `arguments ${args}: no clear error; got ${outcome(result)}` };
  const text = `${message} ${resultText(result.value, result.stdout)}`;
  const leaked = call.answers.find((answer) => containsAnswer(text, answer));
  if (leaked !== undefined)
    return { ...base, passed: false, detail: `arguments ${args}: the error gives away the answer ${JSON.stringify(leaked)}` };
  return { ...base, passed: true, detail: `arguments ${args}: ${message.slice(0, 200)}` };
}

/** A `loads` check per tool, from the session's setup outcome. */
export function loadChecks(toolNames: readonly string[], setup: SandboxResult): ToolCheck[] {
  if (setup.status === 'ok') return toolNames.map((tool) => ({ tool, check: 'loads', passed: true }));
  const detail = `the environment did not load: ${outcome(setup)}`;
  return toolNames.map((tool) => ({ tool, check: 'loads', passed: false, detail }));
}
