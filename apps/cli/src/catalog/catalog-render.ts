import type { ImportReport, Registry, ResponseOf } from '@astra/contracts';
import { renderTable, truncate } from '../output/table';

type ServerList = ResponseOf<Registry, 'catalog.servers.list'>;
type ServerShow = ResponseOf<Registry, 'catalog.server.show'>;

/** The summary printed when an import has finished. */
export function renderImportReport(report: ImportReport): string {
  const servers = report.servers ?? [];
  const failed = report.status === 'completed' && report.errorsTotal > 0 ? `; ${report.errorsTotal} source(s) failed` : '';
  const lines = [
    `Import ${report.importId}: ${report.status} (${report.sources} source(s), ${report.serversSeen} server(s) seen, ${report.serversImported} imported)${failed}`,
  ];
  if (report.error) lines.push(`Error: ${report.error.code}: ${report.error.message}`);
  lines.push('');
  if (servers.length > 0) {
    const rows = servers.map((s) => [s.name, s.outcome, s.version, s.toolsImported, s.toolsNewVersions, s.toolsUnchanged]);
    rows.push(['TOTAL', '', '', report.toolsImported, report.toolsNewVersions, report.toolsUnchanged]);
    lines.push(renderTable(['SERVER', 'OUTCOME', 'VERSION', 'TOOLS NEW', 'NEW VERSIONS', 'UNCHANGED'], rows), '');
  }
  lines.push(`Tools: ${report.toolsImported} imported, ${report.toolsNewVersions} new version(s), ${report.toolsUnchanged} unchanged`);
  if (report.rejections.length > 0) {
    const rows = report.rejections.map((r) => [r.server, r.tool ?? '-', r.reason, r.line ?? '-', truncate(r.detail, 100)]);
    lines.push('', `Rejected (${report.rejectionsTotal}):`, renderTable(['SERVER', 'TOOL', 'REASON', 'LINE', 'DETAIL'], rows));
  }
  if (report.errors.length > 0) {
    const rows = report.errors.map((e) => [e.source, e.code, truncate(e.message, 160)]);
    lines.push('', `Failed sources (${report.errorsTotal}):`, renderTable(['SOURCE', 'CODE', 'MESSAGE'], rows));
  }
  return lines.join('\n');
}

/**
 * One line saying why a finished import stored nothing although its sources were read (every server, row or tool was
 * rejected), or undefined when it stored something or failed for another reason.
 */
export function nothingImported(report: ImportReport): string | undefined {
  if (report.status !== 'completed' || report.serversImported > 0 || report.rejectionsTotal === 0) return undefined;
  const first = report.rejections[0];
  const where = first ? `${first.server}${first.tool ? ` / ${first.tool}` : ''}${first.line ? ` line ${first.line}` : ''}` : '';
  const why = first ? `; first: ${where}: ${first.reason}: ${truncate(first.detail.replace(/\s+/g, ' '), 160)}` : '';
  return `nothing imported: all ${report.rejectionsTotal} row(s), server(s) or tool(s) read were rejected${why}`;
}

/** `astra catalog ls`. */
export function renderServerList(list: ServerList): string {
  if (list.servers.length === 0) return 'No servers in the catalog. Import some with: astra catalog import <source...>';
  const rows = list.servers.map((s) => [s.name, s.origin, s.toolCount, s.version, s.contentHash.slice(0, 12), s.updatedAt]);
  const tools = list.servers.reduce((sum, s) => sum + s.toolCount, 0);
  return `${renderTable(['SERVER', 'ORIGIN', 'TOOLS', 'VERSION', 'HASH', 'UPDATED'], rows)}\n\n${list.servers.length} server(s), ${tools} tool(s)`;
}

interface PropertySchema {
  type?: unknown;
}

/** `name*: type` per parameter (`*` = required), e.g. `path*: string, depth: integer`. */
export function summarizeParameters(parameters: unknown): string {
  if (typeof parameters !== 'object' || parameters === null) return '';
  const { properties, required } = parameters as { properties?: Record<string, PropertySchema>; required?: unknown };
  const needed = new Set(Array.isArray(required) ? required.map(String) : []);
  return Object.entries(properties ?? {})
    .map(([name, schema]) => {
      const type = Array.isArray(schema?.type) ? schema.type.join('|') : typeof schema?.type === 'string' ? schema.type : 'any';
      return `${name}${needed.has(name) ? '*' : ''}: ${type}`;
    })
    .join(', ');
}

/** `astra catalog show <server>`. */
export function renderServer(shown: ServerShow): string {
  const { server, tools } = shown;
  const head = `${server.name}: version ${server.version}, origin ${server.origin}, ${server.toolCount} tool(s), hash ${server.contentHash.slice(0, 12)}`;
  const rows = tools.map((tool) => {
    const fn = (tool.openai as { function?: { parameters?: unknown } }).function;
    return [
      tool.name,
      tool.version,
      truncate(summarizeParameters(fn?.parameters) || '(none)', 60),
      tool.outputSchema ? 'yes' : 'no',
      truncate(tool.description, 70),
    ];
  });
  return `${head}\n\n${renderTable(['TOOL', 'VERSION', 'PARAMETERS (* required)', 'OUTPUT', 'DESCRIPTION'], rows)}`;
}
