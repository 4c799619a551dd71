import type { SandboxResult } from '@astra/contracts';

/** Error texts keep at most this much each before stdout and stderr share the rest of a result's budget. */
const ERROR_TEXT_BYTES = 16 * 1024;
/** Room kept for what a caller adds to a result (the determinism flag, a session's fields) and the reply's framing. */
const SPARE_BYTES = 1024;

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? 'null');

/** The longest start of `text` whose JSON is at most `bytes`, never ending inside a surrogate pair. */
export function cutToJsonBytes(text: string, bytes: number): string {
  if (jsonBytes(text) <= bytes) return text;
  let low = 0;
  let high = Math.min(text.length, bytes);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (jsonBytes(text.slice(0, mid)) <= bytes) low = mid;
    else high = mid - 1;
  }
  const end = low > 0 && /[\uD800-\uDBFF]/.test(text.charAt(low - 1)) ? low - 1 : low;
  return text.slice(0, end);
}

/** Splits `room` between two texts: each keeps what it needs up to half, and a short one leaves the rest to the other. */
function share(room: number, a: number, b: number): [number, number] {
  const half = Math.floor(room / 2);
  if (a <= half) return [a, room - a];
  if (b <= half) return [room - b, b];
  return [half, room - half];
}

/**
 * A result as a reply can carry it: at most `maxBytes` as JSON. One that is larger loses its value, and its texts
 * are cut from the end (error message and traceback first to ERROR_TEXT_BYTES each, then stdout and stderr share what
 * is left). An `ok` result that had to be cut becomes `output_limit`, since what it produced did not all come back;
 * an error, timeout or memory result keeps its status and its error type.
 */
export function fitResult(result: SandboxResult, maxBytes: number): SandboxResult {
  if (jsonBytes(result) + SPARE_BYTES <= maxBytes) return result;
  const { value: _dropped, ...rest } = result;
  const status = result.status === 'ok' ? 'output_limit' : result.status;
  const error =
    result.error ??
    (status === 'output_limit'
      ? { type: 'OutputLimit', message: `the output does not fit in one result (${maxBytes} bytes as JSON); it is cut` }
      : undefined);
  const fittedError = error && {
    ...error,
    message: cutToJsonBytes(error.message, ERROR_TEXT_BYTES),
    ...(error.traceback === undefined ? {} : { traceback: cutToJsonBytes(error.traceback, ERROR_TEXT_BYTES) }),
  };
  const shell = { ...rest, status, stdout: '', stderr: '', ...(fittedError ? { error: fittedError } : {}) };
  const room = Math.max(0, maxBytes - SPARE_BYTES - jsonBytes(shell));
  const [stdoutBytes, stderrBytes] = share(room, jsonBytes(result.stdout), jsonBytes(result.stderr));
  return { ...shell, stdout: cutToJsonBytes(result.stdout, stdoutBytes), stderr: cutToJsonBytes(result.stderr, stderrBytes) };
}
