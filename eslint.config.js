// Flat ESLint config. @nx/enforce-module-boundaries at error level keeps the layering of HOUSE-STYLE.md true.
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
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:platform', 'type:persistence', 'type:testing'] },
        { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:testing'] },
        { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', ...testing] },
        { sourceTag: 'type:deploy', onlyDependOnLibsWithTags: ['type:contracts', ...testing] },
        { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', ...testing] },
        { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', ...testing] },
        { sourceTag: 'type:persistence', onlyDependOnLibsWithTags: ['type:persistence', 'type:domain', 'type:contracts', 'type:platform', ...testing] },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing'] },
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: shared },
        { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: shared },
        ...services.map((s) => ({ sourceTag: `scope:${s}`, onlyDependOnLibsWithTags: [...shared, `scope:${s}`] })),
      ],
    },
  ];
}
const testFiles = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'];

module.exports = [
  // tools/templates: the service generator's sources (*.tmpl), linted once generated.
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', 'tmp/**', '**/*.js', '**/*.mjs', '**/*.cjs', 'tools/templates/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read process.env only in *.config.ts and instrument.ts.' },
      ],
    },
  },
  {
    files: ['**/*.config.ts', '**/instrument.ts', ...testFiles, 'tools/**/*.ts', 'bench/**/*.ts', 'libs/testing/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: [...testFiles, 'libs/testing/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // NATS client packages are imported only by the bus.
    files: ['**/*.ts'],
    ignores: ['libs/platform/bus/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@nats-io/*'], message: 'Only libs/platform/bus imports the NATS client.' }] }],
    },
  },
  {
    files: testFiles,
    plugins: { '@nx': nx },
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
];
