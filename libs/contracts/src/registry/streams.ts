/** A JetStream stream that the bus creates at start-up. */
export interface StreamDefinition {
  readonly name: string;
  readonly subjects: readonly string[];
  /** Seconds within which a repeated message id is dropped by the server. */
  readonly duplicateWindowS: number;
  readonly maxAgeS: number;
}

export const STREAMS = {
  catalog: {
    name: 'ASTRA_CATALOG',
    subjects: ['astra.command.catalog.>', 'astra.event.catalog.>'],
    duplicateWindowS: 120,
    maxAgeS: 7 * 86_400,
  },
  graph: { name: 'ASTRA_GRAPH', subjects: ['astra.command.graph.>', 'astra.event.graph.>'], duplicateWindowS: 120, maxAgeS: 7 * 86_400 },
  envCompiler: {
    name: 'ASTRA_ENV_COMPILER',
    subjects: ['astra.command.env-compiler.>', 'astra.event.env-compiler.>'],
    duplicateWindowS: 120,
    maxAgeS: 7 * 86_400,
  },
  rolloutBroker: {
    name: 'ASTRA_ROLLOUT_BROKER',
    subjects: ['astra.command.rollout-broker.>', 'astra.event.rollout-broker.>'],
    duplicateWindowS: 120,
    maxAgeS: 7 * 86_400,
  },
  trajectorySynth: {
    name: 'ASTRA_TRAJECTORY_SYNTH',
    subjects: ['astra.command.trajectory-synth.>', 'astra.event.trajectory-synth.>'],
    duplicateWindowS: 120,
    maxAgeS: 7 * 86_400,
  },
  trainerGateway: {
    name: 'ASTRA_TRAINER_GATEWAY',
    subjects: ['astra.command.trainer-gateway.>', 'astra.event.trainer-gateway.>'],
    duplicateWindowS: 120,
    maxAgeS: 7 * 86_400,
  },
  // new-service:streams — npm run new-service adds lines above this one
  dlq: { name: 'ASTRA_DLQ', subjects: ['astra.dlq.>'], duplicateWindowS: 120, maxAgeS: 30 * 86_400 },
} as const satisfies Record<string, StreamDefinition>;

/** The subject a dead letter of `subject` is published on. */
export function deadLetterSubject(subject: string): string {
  return `astra.dlq.${subject.replace(/^astra\./, '')}`;
}
