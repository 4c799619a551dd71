// Renderings of a ToolGraph: JSON for storage, DOT and Mermaid for diagrams, plain text for the terminal.

import { EDGE_KINDS, ToolGraph, edgeKind } from '../tool-graph.types';

/** Stable JSON (edges sorted) so the same graph always serialises to the same bytes and hash. */
export function graphToJson(graph: ToolGraph): string {
  const edges = [...graph.edges].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return JSON.stringify({ ...graph, edges }, null, 2);
}

/** Parses what graphToJson wrote, checking the shape enough to fail loudly on foreign input. */
export function graphFromJson(text: string): ToolGraph {
  const parsed: unknown = JSON.parse(text);
  if (!isGraph(parsed)) throw new Error('not a ToolGraph: expected server, strategy, tools[], edges[], rejected[]');
  return parsed;
}

function isGraph(x: unknown): x is ToolGraph {
  if (typeof x !== 'object' || x === null) return false;
  const g = x as Record<string, unknown>;
  return (
    typeof g['server'] === 'string' &&
    typeof g['strategy'] === 'string' &&
    Array.isArray(g['tools']) &&
    Array.isArray(g['edges']) &&
    Array.isArray(g['rejected'])
  );
}

/** A DOT string literal: quotes, backslashes and newlines escaped. */
export function dotQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** Graphviz DOT, one node per tool (isolated tools included), edges labelled with weight and kind; state edges dashed. */
export function graphToDot(graph: ToolGraph): string {
  const lines = [`digraph ${dotQuote(graph.server)} {`, '  rankdir=LR;', '  node [shape=box];'];
  for (const t of graph.tools) lines.push(`  ${dotQuote(t)};`);
  for (const e of graph.edges) {
    const kind = edgeKind(e);
    const style = kind === 'data' ? '' : ', style=dashed';
    lines.push(`  ${dotQuote(e.from)} -> ${dotQuote(e.to)} [label="${e.weight.toFixed(2)} ${kind}"${style}];`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** Text inside a Mermaid quoted label: Mermaid has no backslash escapes, so quotes and markup become entities. */
export function mermaidLabel(s: string): string {
  return s.replace(/[&"<>#|\n\r\\`]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** Mermaid flowchart; node ids are generated (n0, n1, ...) because tool names may hold any character. */
export function graphToMermaid(graph: ToolGraph): string {
  const ids = new Map<string, string>();
  const lines = ['flowchart LR'];
  graph.tools.forEach((t, i) => {
    ids.set(t, `n${i}`);
    lines.push(`  n${i}["${mermaidLabel(t)}"]`);
  });
  for (const e of graph.edges) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (from && to) lines.push(`  ${from} ${edgeKind(e) === 'data' ? '-->' : '-.->'}|${e.weight.toFixed(2)} ${edgeKind(e)}| ${to}`);
  }
  return lines.join('\n');
}

/** A readable adjacency list for terminals: each tool, then its successors by descending weight, with their kind. */
export function graphToText(graph: ToolGraph): string {
  const out = new Map<string, { to: string; weight: number; kind: string }[]>();
  const counts = new Map<string, number>();
  for (const e of graph.edges) {
    const list = out.get(e.from) ?? [];
    list.push({ to: e.to, weight: e.weight, kind: edgeKind(e) });
    out.set(e.from, list);
    counts.set(edgeKind(e), (counts.get(edgeKind(e)) ?? 0) + 1);
  }
  const byKind = EDGE_KINDS.filter((k) => counts.has(k)).map((k) => `${k} ${counts.get(k)}`);
  const kinds = byKind.length > 0 ? ` (${byKind.join(', ')})` : '';
  const lines = [`${graph.server} (${graph.strategy}): ${graph.tools.length} tools, ${graph.edges.length} edges${kinds}`];
  for (const t of graph.tools) {
    const succ = (out.get(t) ?? []).sort((a, b) => b.weight - a.weight || a.to.localeCompare(b.to));
    lines.push(succ.length === 0 ? `  ${t}` : `  ${t} ->`);
    for (const s of succ) lines.push(`      ${s.weight.toFixed(2)}  ${s.kind.padEnd(10)}  ${s.to}`);
  }
  if (graph.rejected.length > 0) lines.push(`  rejected names: ${graph.rejected.join(', ')}`);
  return lines.join('\n');
}
