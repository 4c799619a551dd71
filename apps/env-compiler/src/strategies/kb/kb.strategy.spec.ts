import { dirname } from 'node:path';
import {
  BusError,
  EnvironmentContentSchema,
  EnvSynthesisRequestSchema,
  type EnvironmentContent,
  type SandboxResult,
} from '@astra/contracts';
import { judgeAnswerCall, judgeBadCall, planToolChecks } from '@astra/domain/environments';
import { Worker } from 'node:worker_threads';
import type { EnvironmentStrategy, ToolVerifierPort } from '../../synthesis/environment-strategy';
import { KbKnowledgeLoader } from './kb-knowledge.loader';
import { KbStrategy } from './kb.strategy';

// The kb strategy over the real data packages: refusals, then a 500-environment run from one seed whose figures
// are printed, and whose every call statement and bad call is run in Pyodide (the verifier's Python).

const verifier: ToolVerifierPort = {
  verify: () => Promise.reject(new Error('the kb strategy does not verify while drafting')),
};
const strategy: EnvironmentStrategy = new KbStrategy(new KbKnowledgeLoader());
const request = (fields: Record<string, unknown> = {}) =>
  EnvSynthesisRequestSchema.parse({ jobId: 'kb-quality', strategy: 'kb', count: 500, seed: 42, ...fields });

async function run(count: number): Promise<EnvironmentContent[]> {
  const req = request({ count, hops: { min: 1, max: 5 } });
  const envs: EnvironmentContent[] = [];
  for (let index = 0; index < (await strategy.plan(req)); index += 1) {
    const outcome = await strategy.draft({ index, seed: req.seed, request: req }, verifier);
    if (!outcome.ok) throw new Error(`unit ${index}: ${outcome.reason}`);
    envs.push(EnvironmentContentSchema.parse(outcome.content));
  }
  return envs;
}

const tally = (items: readonly (string | number)[]): Record<string, number> =>
  items.reduce<Record<string, number>>((acc, item) => ({ ...acc, [item]: (acc[item] ?? 0) + 1 }), {});

describe('KbStrategy', () => {
  it('refuses Chinese, unknown knowledge areas and hop ranges it cannot make, with VALIDATION_FAILED', async () => {
    await expect(strategy.plan(request({ count: 3 }))).resolves.toBe(3);
    for (const fields of [{ language: 'zh' }, { domains: [{ domain: 'astrology' }] }, { hops: { min: 7, max: 8 } }]) {
      const error = await strategy.plan(request(fields)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BusError);
      expect((error as BusError).code).toBe('VALIDATION_FAILED');
    }
  });

  it('draws only from the knowledge areas a request names', async () => {
    const req = request({ count: 20, domains: [{ domain: 'Chemistry' }] });
    for (let index = 0; index < 20; index += 1) {
      const outcome = await strategy.draft({ index, seed: 5, request: req }, verifier);
      expect(outcome.ok && outcome.content.domain).toBe('chemistry');
    }
  });

  describe('500 environments from one seed', () => {
    let envs: EnvironmentContent[];

    beforeAll(async () => {
      envs = await run(500);
    });

    it('is deterministic, varied, and reports its mix', async () => {
      expect(await run(500)).toEqual(envs);
      const templates = new Set(envs.map((e) => e.lineage.template));
      const entities = new Set(envs.flatMap((e) => e.lineage.entities));
      const duplicates = envs.length - new Set(envs.map((e) => e.prompt)).size;
      const scenarios = tally(envs.map((e) => e.scenarioType));
      const maxHop = (e: EnvironmentContent): number => Math.max(...e.subTasks.map((t) => t.hop));
      const hopsByDomain = Object.fromEntries(
        [...new Set(envs.map((e) => e.domain))].map((d) => [d, tally(envs.filter((e) => e.domain === d).map(maxHop))]),
      );
      // Deep question shapes: templates without the prompt frame.
      const deepShapes = new Set(envs.filter((e) => maxHop(e) >= 4).map((e) => (e.lineage.template ?? '').replace(/:f\d+$/, '')));
      console.log(
        JSON.stringify({
          scenarios,
          hops: tally(envs.map(maxHop)),
          domains: tally(envs.map((e) => e.domain)),
          hopsByDomain,
          deepTemplates: deepShapes.size,
          templates: templates.size,
          entities: entities.size,
          duplicatePrompts: duplicates,
        }),
      );
      expect(Object.keys(scenarios).sort()).toEqual(['multi-hop', 'parallel-multi-hop', 'parallel-single-hop', 'single-hop']);
      expect(templates.size).toBeGreaterThanOrEqual(20);
      expect(entities.size).toBeGreaterThanOrEqual(300);
      expect(duplicates).toBeLessThanOrEqual(envs.length * 0.02);
      // Deep questions come from more than one knowledge area, not only from airports.
      const deepDomains = Object.entries(hopsByDomain).filter(([, hops]) => (hops['4'] ?? 0) + (hops['5'] ?? 0) >= 10);
      expect(deepDomains.length).toBeGreaterThanOrEqual(2);
    });

    it('passes the verifier judges: tools load, answer every call statement twice alike, and reject every bad call clearly', async () => {
      const plans = envs.map((env) => planToolChecks(env));
      const sessions = envs.map((env, i) => ({
        codes: env.tools.map((t) => t.code),
        calls: (plans[i] ?? []).map((c) => [c.tool, c.arguments]),
      }));
      const results = JSON.parse(await inPyodide(JSON.stringify(sessions))) as Array<{
        load: string | null;
        calls: Array<[string, string]>;
      }>;
      const failures: string[] = [];
      let checks = 0;
      results.forEach((result, i) => {
        if (result.load !== null) failures.push(`env ${i} does not load: ${result.load}`);
        (plans[i] ?? []).forEach((call, j) => {
          const [first, second] = result.calls[j] ?? ['{}', ''];
          const sandbox = {
            ...(JSON.parse(first) as Pick<SandboxResult, 'status' | 'value' | 'error'>),
            stdout: '',
            stderr: '',
            durationMs: 0,
            deterministic: first === second,
          };
          const verdicts = call.kind === 'answers' ? judgeAnswerCall(call, sandbox) : [judgeBadCall(call, sandbox)];
          checks += verdicts.length;
          for (const v of verdicts) if (!v.passed) failures.push(`env ${i} ${v.tool} ${v.check}: ${v.detail ?? ''}`);
        });
      });
      console.log(`sandbox: ${checks} checks over ${envs.length} environments, ${failures.length} failures`);
      expect(failures.slice(0, 10)).toEqual([]);
    });
  });
});

/** Runs SANDBOX_CHECK over `envs` in Pyodide, in a worker thread (Pyodide cannot load inside Jest's module VM). */
function inPyodide(envs: string): Promise<string> {
  const indexURL = `${dirname(require.resolve('pyodide/package.json'))}/`;
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { loadPyodide } = require(workerData.module);
    loadPyodide({ indexURL: workerData.indexURL, stdout: () => undefined }).then((py) => {
      py.globals.set('ENVS', workerData.envs);
      parentPort.postMessage(py.runPython(workerData.check));
    }, (error) => parentPort.postMessage(JSON.stringify({ error: String(error) })));`;
  const worker = new Worker(source, {
    eval: true,
    workerData: { module: require.resolve('pyodide'), indexURL, envs, check: SANDBOX_CHECK },
  });
  return new Promise<string>((resolve, reject) => {
    worker.once('message', (text: string) => void worker.terminate().then(() => resolve(text)));
    worker.once('error', reject);
  });
}

// Each environment in a fresh namespace (one session); every planned call runs twice, arguments crossing as JSON.
const SANDBOX_CHECK = `
import json
def attempt(fn, args):
    try:
        return json.dumps({"status": "ok", "value": fn(**json.loads(json.dumps(args)))}, sort_keys=True)
    except Exception as e:
        return json.dumps({"status": "error", "error": {"type": type(e).__name__, "message": str(e)}})
out = []
for session in json.loads(ENVS):
    ns, res = {}, {"load": None, "calls": []}
    try:
        for code in session["codes"]:
            exec(code, ns)
    except Exception as e:
        res["load"] = repr(e)
    for tool, args in session["calls"]:
        fn = ns.get(tool)
        res["calls"].append([attempt(fn, args), attempt(fn, args)])
    out.append(res)
json.dumps(out)
`;
