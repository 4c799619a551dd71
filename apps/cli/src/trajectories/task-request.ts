import type { EnvLanguage, EnvSplit, PayloadInputOf, Registry } from '@astra/contracts';
import { UsageError } from '../cli-context';

/** What `astra tasks generate` queues (the bus fills the defaults and checks the rest). */
export type TaskGenerationRequestInput = PayloadInputOf<Registry, 'trajectory-synth.tasks.requested'>;

/** The options of `astra tasks generate` that shape the request (jobOptions aside). */
export interface TaskGenerateOptions {
  from: 'chains' | 'servers' | 'environments';
  servers?: string[];
  toolsPerTask?: number;
  envJob?: string;
  split?: EnvSplit;
  limit?: number;
  count: number;
  strategy: 'auto' | 'llm' | 'template';
  diverse: number;
  complicate: number;
  persona: number;
  minQuestionQuality?: number;
  minRealism?: number;
  minNecessity?: number;
  minDifficulty?: number;
  minUniqueness?: number;
  language?: EnvLanguage;
  seed: number;
}

function refuseOthers(o: TaskGenerateOptions, names: readonly (keyof TaskGenerateOptions)[], flags: Record<string, string>): void {
  for (const name of names) {
    if (o[name] !== undefined) throw new UsageError(`${flags[name] ?? name} does not belong to --from ${o.from}`);
  }
}

const FLAGS: Record<string, string> = {
  servers: '--servers',
  toolsPerTask: '--tools-per-task',
  envJob: '--env-job',
  split: '--split',
  limit: '--limit',
};

function inputOf(o: TaskGenerateOptions): TaskGenerationRequestInput['input'] {
  switch (o.from) {
    case 'chains':
      refuseOthers(o, ['toolsPerTask', 'envJob', 'split', 'limit'], FLAGS);
      return { kind: 'chains', ...(o.servers?.length ? { servers: o.servers } : {}) };
    case 'servers':
      refuseOthers(o, ['envJob', 'split', 'limit'], FLAGS);
      if (!o.servers?.length) throw new UsageError('--from servers needs --servers <names...>');
      return { kind: 'servers', servers: o.servers, ...(o.toolsPerTask === undefined ? {} : { toolsPerTask: o.toolsPerTask }) };
    case 'environments':
      refuseOthers(o, ['servers', 'toolsPerTask'], FLAGS);
      if (o.envJob === undefined) throw new UsageError('--from environments needs --env-job <jobId>');
      return {
        kind: 'environments',
        jobId: o.envJob,
        ...(o.split ? { split: o.split } : {}),
        ...(o.limit === undefined ? {} : { limit: o.limit }),
      };
  }
}

/** Only the thresholds given on the command line: the service's defaults stand for the others. */
function thresholdsOf(o: TaskGenerateOptions): TaskGenerationRequestInput['thresholds'] {
  const given = {
    questionQuality: o.minQuestionQuality,
    scenarioRealism: o.minRealism,
    toolUseNecessity: o.minNecessity,
    toolSelectionDifficulty: o.minDifficulty,
    uniqueness: o.minUniqueness,
  };
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
}

/** The request of `astra tasks generate`, checked for what the options alone can tell. */
export function taskRequestOf(jobId: string, o: TaskGenerateOptions): TaskGenerationRequestInput {
  const augment = { diverse: o.diverse, complicate: o.complicate, persona: o.persona };
  const augmenting = augment.diverse + augment.complicate + augment.persona > 0;
  if (augmenting && o.strategy === 'template')
    throw new UsageError('augmentation (--diverse, --complicate, --persona) needs the llm strategy');
  return {
    jobId,
    input: inputOf(o),
    count: o.count,
    strategy: o.strategy,
    augment,
    thresholds: thresholdsOf(o),
    ...(o.language ? { language: o.language } : {}),
    seed: o.seed,
  };
}
