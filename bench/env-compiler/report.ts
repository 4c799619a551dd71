// Figures, ratios and targets of the env-compiler benchmark (targets are explained in README.md).
import type { EnvironmentRecord, EnvSynthesisSummary } from '@astra/contracts';
import type { GenerationFigures, RawCallFigures } from './baselines';

/** Pipeline time per sandbox check at most this many times a raw `sandbox.tool.call`'s (the floor cost of a check). */
const MAX_CHECK_OVERHEAD = 2;
/** The job's time per environment at most this many times the floor (generation alone + its checks as raw calls). */
const MAX_FLOOR_RATIO = 2;
/** Every unit of a fresh job should make an environment (kb's few misses are duplicates or no composable question). */
const MIN_PUBLISHED_SHARE = 0.9;

export interface JobFigures {
  readonly summary: EnvSynthesisSummary;
  /** Publish of the command to the completed status, seen by polling the status RPC as the CLI does. */
  readonly seconds: number;
  readonly phases: Readonly<Record<string, number>>;
  readonly environments: readonly EnvironmentRecord[];
}

export interface BenchFigures {
  readonly kbLoadS: number;
  readonly generation: GenerationFigures;
  readonly raw: RawCallFigures;
  readonly job: JobFigures;
  readonly pythonWorkers: number;
  readonly unitConcurrency: number;
}

interface CheckCounts {
  readonly stored: number;
  /** Checks that come from a tool call (all but `loads`, which the session open answers). */
  readonly fromCalls: number;
  /** Sandbox tool calls behind them: one per `answers` check (its `deterministic` twin rides along) and per bad call. */
  readonly calls: number;
  readonly failed: number;
}

function countChecks(environments: readonly EnvironmentRecord[]): CheckCounts {
  const checks = environments.flatMap((e) => e.verification.checks);
  const fromCalls = checks.filter((c) => c.check !== 'loads');
  const calls = fromCalls.filter((c) => c.check === 'answers' || c.check === 'rejects-bad-input').length;
  return { stored: checks.length, fromCalls: fromCalls.length, calls, failed: checks.filter((c) => !c.passed).length };
}

const fixed = (n: number, digits = 1): string => n.toFixed(digits);

interface Derived {
  readonly published: number;
  readonly checks: CheckCounts;
  readonly e2eEnvPerS: number;
  readonly pipelineCheckRate: number;
  /** Pipeline time per check over a raw call's (raw checks/s over the job's checks/s from calls). */
  readonly checkOverhead: number;
  readonly callsPerEnv: number;
  /** Generation alone plus the environment's calls at the raw rate: what an environment cannot cost less than. */
  readonly floorSPerEnv: number;
  readonly floorRatio: number;
}

function derive(f: BenchFigures): Derived {
  const { generation, raw, job } = f;
  const published = job.environments.length;
  const checks = countChecks(job.environments);
  const pipelineCheckRate = checks.fromCalls / job.seconds;
  const callsPerEnv = checks.calls / Math.max(1, published);
  const floorSPerEnv = 1 / generation.envPerS + callsPerEnv / raw.callsPerS;
  return {
    published,
    checks,
    e2eEnvPerS: published / job.seconds,
    pipelineCheckRate,
    checkOverhead: raw.checksPerS / pipelineCheckRate,
    callsPerEnv,
    floorSPerEnv,
    floorRatio: job.seconds / Math.max(1, published) / floorSPerEnv,
  };
}

function printJob(f: BenchFigures, d: Derived): void {
  const { job } = f;
  const s = job.summary;
  console.log(`kb knowledge base read in ${fixed(f.kbLoadS, 2)} s (once per process; outside every timing)`);
  console.log(
    `\njob of ${s.units} units: ${s.published} published, ${s.existing} existing, ${s.failed} failed, ${fixed(job.seconds, 2)} s end to end`,
  );
  console.table(
    Object.entries(job.phases).map(([phase, seconds]) => ({
      phase,
      s: fixed(seconds, 2),
      share: `${fixed((100 * seconds) / job.seconds, 0)}%`,
    })),
  );
  const { checks } = d;
  console.log(
    `stored checks: ${checks.stored} (${checks.fromCalls} from ${checks.calls} tool calls, ${checks.stored - checks.fromCalls} loads; ` +
      `${checks.failed} failed), ${fixed(d.callsPerEnv, 2)} tool calls per environment`,
  );
}

function printRates(f: BenchFigures, d: Derived): void {
  const { generation, raw, job } = f;
  console.table([
    { case: 'kb generation alone (baseline)', rate: `${fixed(generation.envPerS, 0)} env/s`, ratio: '1x' },
    {
      case: 'job end to end: published',
      rate: `${fixed(d.e2eEnvPerS)} env/s`,
      ratio: `${fixed(generation.envPerS / d.e2eEnvPerS, 0)}x slower`,
    },
    { case: 'job end to end: units', rate: `${fixed(job.summary.units / job.seconds)} units/s`, ratio: '' },
    {
      case: 'raw sandbox.tool.call (baseline)',
      rate: `${fixed(raw.checksPerS, 0)} checks/s (${fixed(raw.callsPerS, 0)} calls/s)`,
      ratio: '1x',
    },
    {
      case: 'job: checks from tool calls',
      rate: `${fixed(d.pipelineCheckRate, 0)} checks/s (${fixed(d.checks.calls / job.seconds, 0)} calls/s)`,
      ratio: `${fixed(d.checkOverhead, 2)}x time per check`,
    },
    { case: 'job: every stored check', rate: `${fixed(d.checks.stored / job.seconds, 0)} checks/s`, ratio: '' },
  ]);
  console.log(
    `floor per environment (generation ${fixed(1000 / generation.envPerS, 2)} ms + ${fixed(d.callsPerEnv, 2)} raw calls ` +
      `${fixed((1000 * d.callsPerEnv) / raw.callsPerS, 2)} ms): ${fixed(1000 * d.floorSPerEnv, 2)} ms; the job took ` +
      `${fixed((1000 * job.seconds) / Math.max(1, d.published), 2)} ms (${fixed(d.floorRatio, 2)}x the floor)`,
  );
}

/** Prints the figures and the targets; true when every target is met. */
export function report(f: BenchFigures): boolean {
  const d = derive(f);
  printJob(f, d);
  printRates(f, d);
  const s = f.job.summary;
  const targets = [
    { what: `pipeline time per check <= ${MAX_CHECK_OVERHEAD}x a raw sandbox.tool.call's`, ok: d.checkOverhead <= MAX_CHECK_OVERHEAD },
    { what: `job time per environment <= ${MAX_FLOOR_RATIO}x the floor (generation + raw calls)`, ok: d.floorRatio <= MAX_FLOOR_RATIO },
    { what: `>= ${100 * MIN_PUBLISHED_SHARE}% of units published`, ok: s.published >= MIN_PUBLISHED_SHARE * s.units },
    { what: 'every stored check passed, every raw call passed', ok: d.checks.failed === 0 && f.raw.failedChecks === 0 },
    { what: 'the export holds every published environment', ok: d.published === s.published },
  ];
  for (const t of targets) console.log(`${t.ok ? 'PASS' : 'FAIL'}  ${t.what}`);
  console.log(`(${f.pythonWorkers} Pyodide workers, ENV_UNIT_CONCURRENCY ${f.unitConcurrency}, SQLite, ${new Date().toISOString()})`);
  return targets.every((t) => t.ok);
}
