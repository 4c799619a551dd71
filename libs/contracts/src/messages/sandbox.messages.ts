/** Sandbox messages of the verifier (execute, environment sessions). */
export const SANDBOX_MESSAGES = {} as const;
