/** A line the generator adds to a shared file, above a marker (see markers.ts); tokens as in the templates. */
export interface Insert {
  readonly file: string;
  readonly marker: string;
  readonly line: string;
}

/** Where a new service is wired into shared files. Each marker is a comment in that file. */
export const INSERTS: readonly Insert[] = [
  {
    file: 'libs/contracts/src/registry/registry.ts',
    marker: 'message-imports',
    line: "import { __SVC___MESSAGES } from '../messages/__svc__.messages';",
  },
  { file: 'libs/contracts/src/registry/registry.ts', marker: 'message-sets', line: '...__SVC___MESSAGES,' },
  {
    file: 'libs/contracts/src/registry/streams.ts',
    marker: 'streams',
    line: "__svcCamel__: { name: 'ASTRA___SVC__', subjects: ['astra.command.__svc__.>', 'astra.event.__svc__.>'], duplicateWindowS: 120, maxAgeS: 7 * 86_400 },",
  },
  { file: 'libs/contracts/src/index.ts', marker: 'message-exports', line: "export * from './messages/__svc__.messages';" },
  { file: 'apps/cli/src/main.ts', marker: 'command-imports', line: "import { register__Svc__Command } from './commands/__svc__.command';" },
  { file: 'apps/cli/src/main.ts', marker: 'commands', line: 'register__Svc__Command(program, ctx);' },
];

/** Where `--declare` adds a service the system does not declare yet (a design change: DESIGN.md names six). */
export const DECLARATIONS: readonly Insert[] = [
  { file: 'libs/contracts/src/registry/message-definition.ts', marker: 'service-names', line: "'__svc__'," },
  { file: 'eslint.config.js', marker: 'service-scopes', line: "'__svc__'," },
];

/** README's services table: the generator changes the service's status from `planned` to this. */
export const README_STATUS = { file: 'README.md', marker: 'service-status', from: 'planned', to: 'scaffolded (example job only)' } as const;
