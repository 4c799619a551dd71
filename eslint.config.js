// Flat ESLint config. @nx/enforce-module-boundaries at error level keeps the layering of HOUSE-STYLE.md true;
// type-aware rules catch unhandled promises and non-exhaustive switches; no-restricted-imports keeps domain
// libraries pure and test helpers out of deployables.
const { createProjectGraphAsync } = require('@nx/devkit');
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

// Each service's Nx scope (scope:<name>): a service depends only on shared libs and libs of its own scope.
const services = [
  'graph-miner',
  'trajectory-synth',
  'env-compiler',
  'verifier',
  'rollout-broker',
  'trainer-gateway',
  // new-service:service-scopes — npm run new-service -- <name> --declare adds lines above this one
];
const shared = ['scope:shared'];

// Layering by Nx tags. Test files of any lib may also use libs/testing (waitFor, the LLM test server);
// libs/testing itself imports no other lib, so this adds no cycle.
function boundaries(forTests) {
  const testing = forTests ? ['type:testing'] : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints: [
        {
          sourceTag: 'type:app',
          onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:platform', 'type:persistence', 'type:testing'],
        },
        { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:testing'] },
        { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', ...testing] },
        { sourceTag: 'type:deploy', onlyDependOnLibsWithTags: ['type:contracts', ...testing] },
        { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', ...testing] },
        { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', ...testing] },
        {
          sourceTag: 'type:persistence',
          onlyDependOnLibsWithTags: ['type:persistence', 'type:domain', 'type:contracts', 'type:platform', ...testing],
        },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing'] },
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: shared },
        { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: shared },
        ...services.map((s) => ({ sourceTag: `scope:${s}`, onlyDependOnLibsWithTags: [...shared, `scope:${s}`] })),
      ],
    },
  ];
}
const testFiles = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'];

// Banned imports, as regular expressions over the whole specifier (node:fs and fs, fs/promises, not ./fs).
// ESLint replaces (does not merge) a rule's options when several blocks match a file, so every block that sets
// no-restricted-imports lists all the groups that apply to its files.
const bans = {
  nats: { regex: '^@nats-io/', message: 'Only libs/platform/bus imports the NATS client.' },
  frameworks: {
    regex: '^(@nestjs/|@nats-io/|(typeorm|pg|better-sqlite3)(/|$))',
    message: 'Domain libraries are pure TypeScript: no Nest, NATS or database code (HOUSE-STYLE.md).',
  },
  io: {
    regex: '^((node:)?(fs|child_process|net|http|https|http2|dgram|dns|tls|cluster|worker_threads)|undici)(/|$)',
    message: 'Domain libraries do no I/O: the caller reads and writes, the domain computes (HOUSE-STYLE.md).',
  },
  testing: {
    regex: '^((@astra/testing|jest)(/|$)|@jest/)',
    message: 'Test helpers stay out of deployables: import them only from *.spec.ts and test/ files.',
  },
};
function restrictImports(...groups) {
  return { 'no-restricted-imports': ['error', { patterns: groups.map((g) => bans[g]) }] };
}

const config = [
  // tools/templates: the service generator's sources (*.tmpl), linted once generated.
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', 'tmp/**', '**/*.js', '**/*.mjs', '**/*.cjs', 'tools/templates/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    // One program for the whole tree (the root tsconfig includes every file): projectService would build one per
    // project tsconfig, re-checking the shared libs in each, and took twice as long.
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: __dirname } },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read process.env only in *.config.ts and instrument.ts.',
        },
      ],
      // Type-aware rules that find bugs (lost rejections, unhandled cases), not style.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/no-base-to-string': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-array-delete': 'error',
      '@typescript-eslint/require-array-sort-compare': ['error', { ignoreStringArrays: true }],
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/restrict-plus-operands': 'error',
      '@typescript-eslint/unbound-method': 'error',
    },
  },
  {
    files: ['**/*.config.ts', '**/instrument.ts', ...testFiles, 'tools/**/*.ts', 'bench/**/*.ts', 'libs/testing/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: [...testFiles, 'libs/testing/**/*.ts', 'bench/**/*.ts'],
    // Tests pass unbound mocks to expect() on purpose.
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  { files: ['**/*.ts'], ignores: ['libs/platform/bus/**'], rules: restrictImports('nats') },
  { files: ['libs/domain/**/*.ts'], rules: restrictImports('frameworks', 'io') },
  // Domain specs read their fixture files from disk.
  { files: testFiles.map((f) => `libs/domain/${f}`), rules: restrictImports('frameworks') },
  { files: ['apps/*/src/**/*.ts'], ignores: testFiles, rules: restrictImports('nats', 'testing') },
  {
    files: testFiles,
    plugins: { '@nx': nx },
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
];

// The boundary rule reads Nx's cached project graph and skips itself, with only a warning, when there is none
// (a fresh clone) or reads a stale one; build the graph before any file is linted.
module.exports = createProjectGraphAsync({ exitOnError: false }).then(() => config);
