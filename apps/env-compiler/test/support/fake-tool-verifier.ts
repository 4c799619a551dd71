import type { EnvironmentContentInput, EnvVerification, ToolCheck } from '@astra/contracts';
import { containsAnswer } from '@astra/domain/environments';
import type { ToolVerifierPort } from '../../src/synthesis/environment-strategy';

/**
 * A stand-in for the sandbox: a tool "loads" unless its code says BROKEN, "answers" a sub-task when its code holds
 * the expected answer (the data it would return), rejects bad input when it has bad calls and raises ValueError.
 * Records every content it was asked to verify.
 */
export class FakeToolVerifier implements ToolVerifierPort {
  readonly seen: EnvironmentContentInput[] = [];

  async verify(content: EnvironmentContentInput): Promise<EnvVerification> {
    this.seen.push(structuredClone(content));
    const checks: ToolCheck[] = [];
    for (const tool of content.tools) {
      const loads = !tool.code.includes('BROKEN');
      checks.push({ tool: tool.name, check: 'loads', passed: loads, detail: loads ? undefined : 'SyntaxError: invalid syntax (line 1)' });
      for (const sub of content.subTasks.filter((s) => s.call?.tool === tool.name)) {
        const answers = loads && containsAnswer(tool.code, sub.answer);
        const detail = answers ? undefined : `output did not contain the expected answer "${sub.answer}"`;
        checks.push({ tool: tool.name, check: 'answers', passed: answers, subTask: sub.id, detail });
        checks.push({ tool: tool.name, check: 'deterministic', passed: loads, subTask: sub.id });
      }
      const rejects = loads && (tool.badCalls ?? []).length > 0 && tool.code.includes('ValueError');
      checks.push({
        tool: tool.name,
        check: 'rejects-bad-input',
        passed: rejects,
        detail: rejects ? undefined : 'a bad call returned a result',
      });
    }
    return { passed: checks.every((c) => c.passed), checks, checkedAt: new Date(0).toISOString() };
  }

  /** The sub-tasks whose `answers` check ran against `tool` in the `index`-th verification. */
  answeredBy(index: number, tool: string): string[] {
    const content = this.seen[index];
    return (content?.subTasks ?? []).filter((s) => s.call?.tool === tool).map((s) => s.id);
  }
}
