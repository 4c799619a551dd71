/** Milliseconds since an arbitrary origin; injected so wall-clock limits and durations are testable. */
export interface AgentClock {
  now(): number;
}

/** Injection token of the agents' AgentClock. */
export const AGENT_CLOCK = Symbol.for('astra.trajectory-synth.agent-clock');

/** The monotonic system clock. */
export const SYSTEM_AGENT_CLOCK: AgentClock = { now: () => performance.now() };
