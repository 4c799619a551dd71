import type { CallStatus, SandboxResult } from '@astra/contracts';
import { resultText } from '@astra/domain/environments';

/** How a sandbox result reads to the policy and to the reward. */
export interface Observation {
  status: CallStatus;
  observation: string;
  resultText: string;
}

/** Observations longer than this are cut (the policy's context is finite; the reward reads resultText, not this). */
export const MAX_OBSERVATION_CHARS = 8_000;

/** The observation of a sandbox result: the tool's value or output, or a one-line error (never a traceback). */
export function observeResult(result: SandboxResult): Observation {
  switch (result.status) {
    case 'ok':
      return observeValue(result.value, result.stdout);
    case 'error': {
      const error = result.error;
      const text = error === undefined ? firstLine(result.stderr) || 'the tool failed' : `${error.type}: ${error.message}`;
      return failure('error', `Error: ${text}`);
    }
    case 'timeout':
      return failure('timeout', 'Error: the tool did not finish within its time limit');
    case 'memory':
      return failure('memory', 'Error: the tool ran out of memory');
    case 'output_limit':
      return failure('error', 'Error: the tool wrote more output than it is allowed to');
  }
}

/** The observation of a call to a tool that was not offered. */
export function unknownToolObservation(name: string): Observation {
  return failure('unknown-tool', `Error: there is no tool named ${JSON.stringify(name)}`);
}

/** The observation of a call beyond the turn's call limit: not run, an error the policy can learn from. */
export function callLimitObservation(limit: number): Observation {
  return failure('error', `Error: not run: a turn may make at most ${limit} tool calls`);
}

/** The observation of a call whose arguments did not parse as a JSON object. */
export function invalidArgumentsObservation(detail: string): Observation {
  return failure('invalid-arguments', truncate(`Error: the arguments are not a valid JSON object: ${detail}`));
}

/** Cuts text beyond MAX_OBSERVATION_CHARS, saying how much was cut. */
export function truncateObservation(text: string): string {
  return truncate(text);
}

function observeValue(value: unknown, stdout: string): Observation {
  // A tool that returns {"error": ...} reports a failure the way tools are told to: as a value.
  if (isRecord(value) && 'error' in value) {
    const error = value['error'];
    return failure('error', truncate(`Error: ${typeof error === 'string' ? error : JSON.stringify(error)}`));
  }
  const text = value === undefined ? stdout.trim() : JSON.stringify(value);
  return { status: 'ok', observation: truncate(text), resultText: resultText(value, stdout) };
}

function failure(status: CallStatus, observation: string): Observation {
  return { status, observation: truncate(observation), resultText: '' };
}

function truncate(text: string): string {
  if (text.length <= MAX_OBSERVATION_CHARS) return text;
  const cut = text.length - MAX_OBSERVATION_CHARS;
  return `${text.slice(0, MAX_OBSERVATION_CHARS)}\n[... ${cut} characters cut]`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
