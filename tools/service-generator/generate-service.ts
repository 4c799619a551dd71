import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DECLARATIONS, type Insert, INSERTS, README_STATUS } from './inserts';
import { findMarker, insertAboveMarker, setRowStatus } from './markers';
import { defaultPort, GeneratorError, isDeclared, type ServiceNames, serviceNames } from './service-names';

/** The template folder: every file ends in .tmpl so that tsc, eslint, Jest and Nx leave it alone. */
export const TEMPLATE_DIR = join(__dirname, '..', 'templates', 'service');

export interface GenerateOptions {
  /** Repository root to write into. */
  readonly root: string;
  readonly name: string;
  /** Local HTTP port; default 3001 on in the order of SERVICE_NAMES. */
  readonly port?: number;
  /** Migration timestamp (ms); default now. */
  readonly migrationTime?: number;
  /** Declares a service that libs/contracts does not name yet (SERVICE_NAMES and the eslint scopes). */
  readonly declare?: boolean;
}

export interface GenerateResult {
  /** Files created, relative to the root. */
  readonly created: string[];
  /** Shared files edited. */
  readonly edited: string[];
  /** What the generator could not do itself. */
  readonly notes: string[];
}

const TOKEN = /__(svc|Svc|SVC|svcCamel|svc_snake|PORT|MIGRATION_TS)__/g;
const LEFTOVER = /__(svc|Svc|SVC|svcCamel|svc_snake|PORT|MIGRATION_TS)/;

/** `text` with every template token replaced. */
export function substitute(text: string, names: ServiceNames, port: number, migrationTime: number): string {
  const values: Record<string, string> = {
    svc: names.kebab,
    Svc: names.pascal,
    SVC: names.constant,
    svcCamel: names.camel,
    svc_snake: names.snake,
    PORT: String(port),
    MIGRATION_TS: String(migrationTime),
  };
  const out = text.replace(TOKEN, (_match, token: string) => values[token] ?? '');
  if (LEFTOVER.test(out)) throw new GeneratorError(`a template token was left unreplaced: ${LEFTOVER.exec(out)?.[0]}`);
  return out;
}

/** Every template file, relative to the template folder. */
export function templateFiles(dir = TEMPLATE_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.tmpl'))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Creates a service from the templates: its app, persistence lib, messages, CLI command and tests, and wires it into
 * the shared files at their markers. Checks everything first, so a refusal writes nothing; never overwrites a file.
 */
export function generateService(options: GenerateOptions): GenerateResult {
  const names = serviceNames(options.name, options.declare);
  const port = options.port ?? defaultPort(names.kebab);
  const time = options.migrationTime ?? Date.now();
  const fill = (text: string) => substitute(text, names, port, time);
  for (const owned of [`apps/${names.kebab}`, `libs/persistence/${names.kebab}`]) {
    if (existsSync(join(options.root, owned)))
      throw new GeneratorError(`${owned} already exists: the generator never overwrites a service`);
  }
  const files = templateFiles().map((template) => ({ template, target: fill(template).replace(/\.tmpl$/, '') }));
  const taken = files.filter((file) => existsSync(join(options.root, file.target)));
  if (taken.length > 0) throw new GeneratorError(`already there, not overwritten: ${taken.map((file) => file.target).join(', ')}`);
  const inserts = isDeclared(names.kebab) ? INSERTS : [...DECLARATIONS, ...INSERTS];
  const edits = planEdits(options.root, names, inserts, fill);
  const notes = edits.has(README_STATUS.file)
    ? []
    : [`README.md has no ${README_STATUS.from} row for ${names.kebab} in its services table: add one`];

  for (const file of files) {
    const target = join(options.root, file.target);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, fill(readFileSync(join(TEMPLATE_DIR, file.template), 'utf8')));
  }
  for (const [file, text] of edits) writeFileSync(join(options.root, file), text);
  return { created: files.map((file) => file.target), edited: [...edits.keys()], notes };
}

/** The new text of every shared file; throws before anything is written when a marker is missing. */
function planEdits(root: string, names: ServiceNames, inserts: readonly Insert[], fill: (text: string) => string): Map<string, string> {
  const edits = new Map<string, string>();
  const read = (file: string) => edits.get(file) ?? readFileSync(join(root, file), 'utf8');
  for (const insert of inserts) edits.set(insert.file, insertAboveMarker(read(insert.file), insert.marker, fill(insert.line), insert.file));
  const readme = read(README_STATUS.file);
  findMarker(readme.split('\n'), README_STATUS.marker, README_STATUS.file);
  const status = setRowStatus(readme, README_STATUS.marker, names.kebab, README_STATUS.from, README_STATUS.to, README_STATUS.file);
  if (status.changed) edits.set(README_STATUS.file, status.text);
  return edits;
}
