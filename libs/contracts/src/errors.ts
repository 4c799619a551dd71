/** Every error code that may cross a process boundary. */
export const ERROR_CODES = {
  VALIDATION_FAILED: { retryable: false, description: 'a payload did not match its schema' },
  NOT_FOUND: { retryable: false, description: 'the requested entity does not exist' },
  CONFLICT: { retryable: false, description: 'the request conflicts with stored state' },
  TIMEOUT: { retryable: true, description: 'no answer within the deadline' },
  UNAVAILABLE: { retryable: true, description: 'a dependency (database, bus, server) is not reachable' },
  NO_RESPONDERS: { retryable: true, description: 'no service is listening on an RPC subject' },
  INTERNAL: { retryable: true, description: 'an unexpected fault; retried until the last delivery' },
  CATALOG_SOURCE_INVALID: { retryable: false, description: 'a tool catalog could not be read' },
  MCP_SERVER_FAILED: { retryable: false, description: 'an MCP server failed to start, answer, or list its tools' },
  LLM_OUTPUT_INVALID: { retryable: false, description: 'a model answer did not satisfy its schema after a repair attempt' },
  LLM_UNAVAILABLE: { retryable: true, description: 'the model endpoint failed after its retry budget' },
  SANDBOX_FAULT: { retryable: true, description: 'the sandbox itself failed (not the code it ran)' },
  CANCELLED: { retryable: false, description: 'the job was stopped on request (a training job cancelled)' },
} as const satisfies Record<string, { retryable: boolean; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/** An error as data: a code and whether trying again may help. */
export class BusError extends Error {
  readonly retryable: boolean;
  readonly details: unknown;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { retryable?: boolean; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'BusError';
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.details = options.details;
  }

  toJSON(): { code: ErrorCode; message: string; retryable: boolean; details?: unknown } {
    return { code: this.code, message: this.message, retryable: this.retryable, details: this.details };
  }

  /** Wraps anything thrown into a BusError, keeping a BusError as it is. */
  static from(error: unknown): BusError {
    if (error instanceof BusError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new BusError('INTERNAL', message, { cause: error });
  }
}
