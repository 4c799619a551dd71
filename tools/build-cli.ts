// Compiles the astra CLI (apps/cli/src/main.ts and every file it reaches in libs) to dist/cli, so a call does not
// compile TypeScript at start (swc-register took 1.2-1.7 s a call). Run by `npm ci` (the root `prepare` script),
// by tools/ensure-infra.sh when the output is stale, or by hand: `npm run build:cli`.
//
// - Path aliases (@astra/*) are rewritten to relative paths at build time (swc's jsc.paths), so the output runs on
//   plain node; the output mirrors the source tree (dist/cli/apps/cli/src/main.js, dist/cli/libs/...).
// - Every import is compiled lazy (swc's module.lazy, given the file's own specifiers): a module loads when one of
//   its bindings is first used, so `astra --help` loads neither the bus nor zod, and an RPC loads neither Nest nor
//   the OpenTelemetry SDK that the bus and telemetry libs' indexes also export. `export *` and side-effect imports
//   (reflect-metadata, an instrument file) stay eager and in order.
// - dist/cli/build-stamp.json records each source's mtime, size and sha256; tools/cli-build-stamp.js (asked by
//   tools/bin/astra at every call) decides from it whether the output still matches the sources.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseSync, transformSync, type Options } from '@swc/core';

const ENTRY = 'apps/cli/src/main.ts';
/** Inputs that change the output without being compiled: the aliases and this script. */
const BUILD_INPUTS = ['tsconfig.base.json', 'tools/build-cli.ts'];
export const STAMP_FILE = 'build-stamp.json';

/** What dist/cli/build-stamp.json holds; tools/cli-build-stamp.js reads it. */
export interface BuildStamp {
  /** The compiled entry point, relative to the output folder. */
  readonly entry: string;
  /** Each source, relative to the repository root. */
  readonly sources: Record<string, { readonly mtimeMs: number; readonly size: number; readonly sha256: string }>;
}

interface AstNode {
  readonly type?: string;
  readonly [key: string]: unknown;
}

const isNode = (value: unknown): value is AstNode => typeof value === 'object' && value !== null;

function stringLiteral(node: unknown): string | undefined {
  return isNode(node) && node.type === 'StringLiteral' && typeof node['value'] === 'string' ? node['value'] : undefined;
}

/** Every module specifier a file names: imports, re-exports and dynamic import() of a literal. */
export function specifiersOf(code: string): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isNode(node)) return;
    const source = stringLiteral(node['source']);
    if (source && (node.type === 'ImportDeclaration' || node.type?.startsWith('Export'))) found.add(source);
    if (node.type === 'CallExpression' && isNode(node['callee']) && node['callee'].type === 'Import') {
      const [first] = node['arguments'] as Array<{ expression?: unknown }>;
      const literal = stringLiteral(first?.expression);
      if (literal) found.add(literal);
    }
    for (const value of Object.values(node)) if (typeof value === 'object') visit(value);
  };
  visit(parseSync(code, { syntax: 'typescript', decorators: true, target: 'es2022' }).body);
  return [...found];
}

/** The relative requires of compiled output, resolved to the sources they came from (.ts, or .json as is). */
export function localDependencies(compiled: string, sourceFile: string): string[] {
  return [...compiled.matchAll(/\brequire\("(\.{1,2}\/[^"]*)"\)/g)].map(([, specifier = '']) => {
    const target = resolve(dirname(sourceFile), specifier);
    const candidates = target.endsWith('.json') ? [target] : [`${target}.ts`, join(target, 'index.ts')];
    const found = candidates.find((candidate) => existsSync(candidate));
    if (!found) throw new Error(`${sourceFile}: cannot resolve "${specifier}"`);
    return found;
  });
}

function swcOptions(root: string, file: string, lazy: string[]): Options {
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return {
    filename: file,
    swcrc: false,
    configFile: false,
    sourceMaps: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths: tsconfig.compilerOptions.paths,
    },
    module: { type: 'commonjs', lazy },
  };
}

/** Reads a source once: stat before read, so a save in between leaves a stamp that no longer matches the file. */
export function readSource(file: string): { content: Buffer; stamp: BuildStamp['sources'][string] } {
  const { mtimeMs } = statSync(file);
  const content = readFileSync(file);
  return { content, stamp: { mtimeMs, size: content.length, sha256: createHash('sha256').update(content).digest('hex') } };
}

/** Compiles the entry and everything it requires into `outDir`; returns the stamp of each source. */
function compileGraph(root: string, outDir: string): BuildStamp['sources'] {
  const sources: Record<string, BuildStamp['sources'][string]> = {};
  const queue = [join(root, ENTRY)];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const rel = relative(root, file);
    if (sources[rel]) continue;
    const { content, stamp } = readSource(file);
    sources[rel] = stamp;
    const target = join(outDir, rel.endsWith('.json') ? rel : rel.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    if (rel.endsWith('.json')) {
      writeFileSync(target, content);
      continue;
    }
    const code = content.toString('utf8');
    const compiled = transformSync(code, swcOptions(root, file, specifiersOf(code))).code;
    writeFileSync(target, compiled);
    queue.push(...localDependencies(compiled, file));
  }
  return sources;
}

/** Builds into a fresh folder, then swaps it in, so a CLI call never runs a half-written build. */
export function buildCli(root = resolve(__dirname, '..'), outDir = join(root, 'dist', 'cli')): { files: number; ms: number } {
  const started = performance.now();
  const staging = `${outDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const sources = compileGraph(root, staging);
  const files = Object.keys(sources).length;
  for (const input of BUILD_INPUTS) sources[input] = readSource(join(root, input)).stamp;
  const stamp: BuildStamp = { entry: ENTRY.replace(/\.ts$/, '.js'), sources };
  writeFileSync(join(staging, STAMP_FILE), `${JSON.stringify(stamp, null, 1)}\n`);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(staging, outDir);
  return { files, ms: Math.round(performance.now() - started) };
}

if (require.main === module) {
  const { files, ms } = buildCli();
  process.stderr.write(`[build-cli] ${files} files compiled to dist/cli in ${ms} ms\n`);
}
