// Lints small snippets with the repository's own eslint.config.js, through the ESLint Node API in a child process
// whose Nx data directories are new and empty, as on a fresh clone: the module-boundary rule skips itself, with
// only a warning, when it finds no project graph. Snippets are linted as text under a path, so no fixture file
// exists for `eslint .` or tsc to trip on.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Snippet {
  filePath: string;
  code: string;
}
interface Finding {
  ruleId: string | null;
  message: string;
}

// Type-aware rules are off here: they need the file in the TypeScript program, and are not what is tested.
const LINT_SNIPPETS = `
const { ESLint } = require('eslint');
const tseslint = require('typescript-eslint');
const snippets = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
(async () => {
  const eslint = new ESLint({ overrideConfig: tseslint.configs.disableTypeChecked });
  const findings = [];
  for (const { filePath, code } of snippets) {
    const [result] = await eslint.lintText(code, { filePath });
    findings.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
  }
  require('node:fs').writeFileSync(process.argv[1], JSON.stringify(findings));
})().catch((error) => { console.error(error); process.exit(1); });
`;

function lintSnippets(snippets: Snippet[], nxDataDir: string): Promise<Finding[][]> {
  const env = {
    ...process.env,
    NX_DAEMON: 'false',
    NX_WORKSPACE_DATA_DIRECTORY: join(nxDataDir, 'workspace-data'),
    NX_CACHE_DIRECTORY: join(nxDataDir, 'cache'),
  };
  const root = join(__dirname, '..');
  // Findings go to a file: the boundary rule writes its warnings to stdout.
  const output = join(nxDataDir, 'findings.json');
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', LINT_SNIPPETS, output], { cwd: root, env }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`linting snippets failed: ${stderr || error.message}`));
      else resolve(JSON.parse(readFileSync(output, 'utf8')) as Finding[][]);
    });
    child.stdin?.end(JSON.stringify(snippets));
  });
}

const snippets = {
  domainImportsPlatform: { filePath: 'libs/domain/catalog/src/lint-probe.ts', code: "import '@astra/platform/bus';\n" },
  domainImportsContracts: { filePath: 'libs/domain/catalog/src/lint-probe.ts', code: "import '@astra/contracts';\n" },
  verifierImportsGraphMinerData: { filePath: 'apps/verifier/src/lint-probe.ts', code: "import '@astra/persistence/graph-miner';\n" },
  domainImportsNest: { filePath: 'libs/domain/catalog/src/lint-probe.ts', code: "import '@nestjs/common';\n" },
  domainImportsTypeorm: { filePath: 'libs/domain/tool-graph/src/lint-probe.ts', code: "import 'typeorm';\n" },
  domainImportsNats: { filePath: 'libs/domain/catalog/src/lint-probe.ts', code: "import '@nats-io/jetstream';\n" },
  domainImportsFs: { filePath: 'libs/domain/catalog/src/lint-probe.ts', code: "import 'node:fs/promises';\n" },
  domainImportsChildProcess: { filePath: 'libs/domain/catalog/src/lint-probe.ts', code: "import 'child_process';\n" },
  domainImportsCrypto: { filePath: 'libs/domain/catalog/src/lint-probe.ts', code: "import 'node:crypto';\n" },
  domainImportsLocalFsModule: { filePath: 'libs/domain/catalog/src/lint-probe.ts', code: "import './fs';\n" },
  domainSpecReadsFixture: { filePath: 'libs/domain/catalog/src/lint-probe.spec.ts', code: "import 'node:fs';\n" },
  domainSpecImportsNest: { filePath: 'libs/domain/catalog/src/lint-probe.spec.ts', code: "import '@nestjs/testing';\n" },
  appImportsTesting: { filePath: 'apps/graph-miner/src/jobs/lint-probe.ts', code: "import '@astra/testing';\n" },
  appImportsJestGlobals: { filePath: 'apps/cli/src/lint-probe.ts', code: "import '@jest/globals';\n" },
  appImportsNats: { filePath: 'apps/graph-miner/src/lint-probe.ts', code: "import '@nats-io/jetstream';\n" },
  appSpecImportsTesting: { filePath: 'apps/graph-miner/src/jobs/lint-probe.spec.ts', code: "import '@astra/testing';\n" },
  appTestSupportImportsTesting: { filePath: 'apps/verifier/test/lint-probe.ts', code: "import '@astra/testing';\n" },
  busImportsNats: { filePath: 'libs/platform/bus/src/nats/lint-probe.ts', code: "import '@nats-io/jetstream';\n" },
} satisfies Record<string, Snippet>;
type Case = keyof typeof snippets;

describe('eslint.config.js', () => {
  const nxDataDir = mkdtempSync(join(tmpdir(), 'astra-lint-'));
  const findings = new Map<Case, Finding[]>();
  const rules = (name: Case) => (findings.get(name) ?? []).map((f) => f.ruleId);

  beforeAll(async () => {
    const names = Object.keys(snippets) as Case[];
    const results = await lintSnippets(
      names.map((name) => snippets[name]),
      nxDataDir,
    );
    names.forEach((name, i) => findings.set(name, results[i] ?? []));
  }, 120_000);
  afterAll(() => rmSync(nxDataDir, { recursive: true, force: true }));

  it('enforces module boundaries with no project graph cached beforehand (a fresh clone)', () => {
    expect(findings.get('domainImportsPlatform')).toContainEqual({
      ruleId: '@nx/enforce-module-boundaries',
      message: expect.stringContaining('type:domain'),
    });
    expect(findings.get('verifierImportsGraphMinerData')).toContainEqual({
      ruleId: '@nx/enforce-module-boundaries',
      message: expect.stringContaining('scope:verifier'),
    });
    expect(rules('domainImportsContracts')).toEqual([]);
    // The graph was built into the empty directory by the config itself, not read from the checkout's .nx.
    expect(existsSync(join(nxDataDir, 'workspace-data', 'project-graph.json'))).toBe(true);
  });

  it.each<Case>([
    'domainImportsNest',
    'domainImportsTypeorm',
    'domainImportsNats',
    'domainImportsFs',
    'domainImportsChildProcess',
    'domainSpecImportsNest',
    'appImportsTesting',
    'appImportsJestGlobals',
    'appImportsNats',
  ])('bans the import in %s', (name) => {
    expect(rules(name)).toContain('no-restricted-imports');
  });

  it.each<Case>([
    'domainImportsCrypto',
    'domainImportsLocalFsModule',
    'domainSpecReadsFixture',
    'appSpecImportsTesting',
    'appTestSupportImportsTesting',
    'busImportsNats',
  ])('allows the import in %s', (name) => {
    expect(findings.get(name)).toEqual([]);
  });
});
