import type { EnvironmentContentInput, EnvLanguage, EnvVerification } from '@astra/contracts';
import { buildToolRepairPrompt, TOOL_REPAIR_STEP, toolCodeSchema } from '@astra/domain/environments';
import { ENV_LLM_ROLES } from '../../synthesis/env-llm';
import type { ToolVerifierPort } from '../../synthesis/environment-strategy';
import { casesOf, type DraftEnv, type DraftTool } from './draft-env';
import { LlmStepFailure, type LlmSteps } from './llm-steps';
import { moduleNameClashes } from './module-names';

/** What the verify-and-repair loop needs. */
export interface RepairContext {
  steps: LlmSteps;
  verifier: ToolVerifierPort;
  /** Attempts at the code, the first included. */
  attempts: number;
  language: EnvLanguage;
  domain: string;
  content: (env: DraftEnv) => EnvironmentContentInput;
}

export type Verified = { ok: true; env: DraftEnv; verification: EnvVerification } | { ok: false; reason: string };

/** The failed checks of each tool, as lines for the repair prompt and the failure reason. */
export function failuresByTool(verification: EnvVerification): Map<string, string[]> {
  const failures = new Map<string, string[]>();
  for (const check of verification.checks) {
    if (check.passed) continue;
    const where = check.subTask === undefined ? '' : ` (sub-task ${check.subTask})`;
    const line = `${check.check}${where}: ${check.detail ?? 'failed'}`;
    failures.set(check.tool, [...(failures.get(check.tool) ?? []), line]);
  }
  return failures;
}

async function repairTool(ctx: RepairContext, env: DraftEnv, tool: DraftTool, failures: string[]): Promise<DraftTool> {
  const input = { language: ctx.language, domain: ctx.domain, doc: tool.doc, cases: casesOf(env, tool.doc.name), badCalls: tool.badCalls };
  try {
    const fixed = await ctx.steps.ask(
      TOOL_REPAIR_STEP,
      ENV_LLM_ROLES.toolWriter,
      toolCodeSchema(tool.doc.name),
      buildToolRepairPrompt(input, tool.code, failures),
    );
    return { ...tool, code: fixed.code };
  } catch (error) {
    // An unusable repair answer spends this attempt; the next verification fails the same way and says so.
    if (error instanceof LlmStepFailure) return tool;
    throw error;
  }
}

function failureReason(failures: Map<string, string[]>, attempts: number): string {
  const tools = [...failures].map(([tool, lines]) => `${tool}: ${lines.join('; ')}`);
  return `${TOOL_REPAIR_STEP}: tool code still failed its sandbox checks after ${attempts} attempt(s): ${tools.join(' | ')}`.slice(0, 4000);
}

/**
 * Runs every tool's checks in the verifier's sandbox; each failing tool's code goes back to the tool_writer with
 * the failure detail, up to `attempts` in all. Passes only on a verification that passed; never by default.
 */
export async function verifyWithRepair(ctx: RepairContext, env: DraftEnv): Promise<Verified> {
  let current = env;
  for (let attempt = 1; ; attempt += 1) {
    const verification = await ctx.verifier.verify(ctx.content(current));
    const failures = failuresByTool(verification);
    // A failing environment whose tools rebind each other's module names gets the cause first; a passing one is left be.
    if (!verification.passed) {
      const clashes = moduleNameClashes(current.tools.map((t) => ({ name: t.doc.name, code: t.code })));
      for (const [tool, lines] of clashes) failures.set(tool, [...lines, ...(failures.get(tool) ?? [])]);
    }
    if (verification.passed && failures.size === 0) return { ok: true, env: current, verification };
    if (failures.size === 0) return { ok: false, reason: `${TOOL_REPAIR_STEP}: the verification did not pass and named no failing check` };
    if (attempt >= ctx.attempts) return { ok: false, reason: failureReason(failures, ctx.attempts) };
    const tools: DraftTool[] = [];
    for (const tool of current.tools) {
      const lines = failures.get(tool.doc.name);
      tools.push(lines === undefined ? tool : await repairTool(ctx, current, tool, lines));
    }
    current = { ...current, tools };
  }
}
