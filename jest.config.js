// One Jest config, three projects: unit (*.spec.ts), integration (*.int-spec.ts, real NATS and databases)
// and e2e (apps/e2e, every service as a process).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = {
  '^@astra/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  '^@astra/testing$': '<rootDir>/libs/testing/src/index.ts',
  '^@astra/(platform|domain|persistence)/([^/]+)$': '<rootDir>/libs/$1/$2/src/index.ts',
};

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json', 'mjs', 'cjs'],
  // tools/templates: the service generator's sources, tested once generated.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/tools/templates/'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools,deploy}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/e2e/**/*.e2e-spec.ts'],
    },
  ],
  // A global option: Jest ignores it inside `projects`. Deadlines for slow starts (Pyodide, MCP servers, processes).
  testTimeout: 120000,
};
