import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateService, templateFiles } from './generate-service';
import { DECLARATIONS, INSERTS, README_STATUS } from './inserts';
import { insertAboveMarker, setRowStatus } from './markers';
import { defaultPort, serviceNames } from './service-names';

const REPO = join(__dirname, '..', '..');
const SHARED = [...new Set([...INSERTS.map((insert) => insert.file), README_STATUS.file])];
const DECLARING = [...new Set(DECLARATIONS.map((insert) => insert.file))];

/** A root holding only the shared files the generator edits, copied from this repository. */
function sharedFilesRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'astra-new-service-'));
  for (const file of [...SHARED, ...DECLARING]) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(REPO, file), join(root, file));
  }
  return root;
}

describe('service names', () => {
  it('spells a kebab-case service name for files, classes, constants, tables and the stream key', () => {
    expect(serviceNames('trainer-gateway')).toEqual({
      kebab: 'trainer-gateway',
      pascal: 'TrainerGateway',
      camel: 'trainerGateway',
      constant: 'TRAINER_GATEWAY',
      snake: 'trainer_gateway',
    });
    expect(serviceNames('verifier')).toMatchObject({ pascal: 'Verifier', camel: 'verifier', constant: 'VERIFIER' });
  });

  it.each(['TrainerGateway', 'trainer_gateway', 'trainer--gateway', '-trainer', 'trainer-', '1trainer', 'trainer gateway', ''])(
    'refuses "%s", which is not kebab-case',
    (name) => {
      expect(() => serviceNames(name)).toThrow(/use kebab-case/);
    },
  );

  it('refuses a service the system does not declare unless told to declare it, and never the CLI', () => {
    expect(() => serviceNames('billing')).toThrow(/not one of the services the system declares .*--declare/);
    expect(serviceNames('billing', true).pascal).toBe('Billing');
    expect(() => serviceNames('cli', true)).toThrow('"cli" is the astra command, not a service');
  });

  it('gives each service its own local port, as graph-miner (3001) and the verifier (3004) have', () => {
    expect(['graph-miner', 'trajectory-synth', 'env-compiler', 'verifier', 'rollout-broker', 'trainer-gateway'].map(defaultPort)).toEqual([
      3001, 3002, 3003, 3004, 3005, 3006,
    ]);
  });
});

describe('markers', () => {
  const text = 'const all = {\n  a,\n  // new-service:things — npm run new-service adds lines above this one\n};\n';

  it('inserts above the marker with its indentation, keeping the marker for the next service', () => {
    const once = insertAboveMarker(text, 'things', 'b,', 'x.ts');
    expect(insertAboveMarker(once, 'things', 'c,', 'x.ts')).toBe(
      'const all = {\n  a,\n  b,\n  c,\n  // new-service:things — npm run new-service adds lines above this one\n};\n',
    );
  });

  it('fails naming the file when the marker is missing, appears twice, or is only a prefix of another', () => {
    expect(() => insertAboveMarker(text, 'other', 'b,', 'x.ts')).toThrow('the marker "new-service:other" is missing in x.ts');
    expect(() => insertAboveMarker(text, 'thing', 'b,', 'x.ts')).toThrow(/is missing/);
    expect(() => insertAboveMarker(`${text}// new-service:things\n`, 'things', 'b,', 'x.ts')).toThrow('appears 2 times');
  });

  it('sets the status of a planned row of the table after a marker, and leaves any other row alone', () => {
    const table = '<!-- new-service:status -->\n| service | status |\n|---|---|\n| a | planned |\n| ab | planned |\n\n| ab | planned |\n';
    const set = setRowStatus(table, 'status', 'ab', 'planned', 'scaffolded', 'README.md');
    expect(set).toEqual({ changed: true, text: table.replace('| ab | planned |\n\n', '| ab | scaffolded |\n\n') });
    expect(setRowStatus(set.text, 'status', 'ab', 'planned', 'again', 'README.md').changed).toBe(false);
  });
});

describe('generateService', () => {
  let root: string;
  beforeEach(() => (root = sharedFilesRoot()));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  // Every declared service has its app now, so a generated service is a declared new one (billing).
  it('writes every template with its tokens replaced and wires the service into the shared files', () => {
    const result = generateService({ root, name: 'billing', declare: true, migrationTime: 1_800_000_000_000 });
    expect(result.created).toHaveLength(templateFiles().length);
    expect(result.created).toEqual(
      expect.arrayContaining([
        'apps/billing/src/main.ts',
        'libs/persistence/billing/src/migrations/1800000000000-billing-jobs.migration.ts',
        'apps/e2e/billing.e2e-spec.ts',
      ]),
    );
    for (const file of result.created) expect(readFileSync(join(root, file), 'utf8')).not.toMatch(/__(svc|Svc|SVC|PORT|MIGRATION)/);
    expect(readFileSync(join(root, 'apps/billing/project.json'), 'utf8')).toContain('"tags": ["type:app", "scope:billing"]');
    expect(readFileSync(join(root, 'libs/persistence/billing/project.json'), 'utf8')).toContain(
      '"tags": ["type:persistence", "scope:billing"]',
    );
    expect(readFileSync(join(root, 'libs/contracts/src/registry/registry.ts'), 'utf8')).toContain(
      '  ...BILLING_MESSAGES,\n  // new-service:message-sets',
    );
    expect(readFileSync(join(root, 'apps/cli/src/main.ts'), 'utf8')).toMatch(
      /registerBillingCommand\(program, ctx\);\n\s*\/\/ new-service:commands/,
    );
  });

  it('declares a new service in libs/contracts and the eslint scopes when asked to, with the next free port', () => {
    const result = generateService({ root, name: 'billing', declare: true });
    expect(result.edited.sort()).toEqual([...SHARED, ...DECLARING].filter((file) => file !== 'README.md').sort());
    expect(result.notes).toEqual(['README.md has no planned row for billing in its services table: add one']);
    expect(readFileSync(join(root, 'libs/contracts/src/registry/message-definition.ts'), 'utf8')).toMatch(
      /'trainer-gateway',\n {2}'billing',\n {2}\/\/ new-service:service-names.*\n {2}'cli',/,
    );
    expect(readFileSync(join(root, 'eslint.config.js'), 'utf8')).toMatch(/ {2}'billing',\n {2}\/\/ new-service:service-scopes/);
    expect(readFileSync(join(root, 'apps/billing/src/billing.config.ts'), 'utf8')).toContain('PORT: portSchema.default(3007)');
  });

  it('refuses to overwrite a service that exists, writing nothing', () => {
    mkdirSync(join(root, 'apps', 'env-compiler'), { recursive: true });
    const before = readFileSync(join(root, 'libs/contracts/src/registry/registry.ts'), 'utf8');
    expect(() => generateService({ root, name: 'env-compiler' })).toThrow(
      'apps/env-compiler already exists: the generator never overwrites a service',
    );
    expect(readFileSync(join(root, 'libs/contracts/src/registry/registry.ts'), 'utf8')).toBe(before);
    expect(existsSync(join(root, 'libs/persistence/env-compiler'))).toBe(false);
  });

  it('writes nothing when a shared file lost its marker', () => {
    const main = join(root, 'apps/cli/src/main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace(/.*new-service:commands.*\n/, ''));
    expect(() => generateService({ root, name: 'billing', declare: true })).toThrow(
      'the marker "new-service:commands" is missing in apps/cli/src/main.ts',
    );
    expect(existsSync(join(root, 'apps/billing'))).toBe(false);
    expect(readFileSync(join(root, 'libs/contracts/src/index.ts'), 'utf8')).not.toContain('billing');
  });
});
