// Joins the state rules with the data edges of the structural strategy: each edge gets its state evidence and a kind.

import { flattenFields } from '../schema/schema-fields.util';
import { EdgeKind, ToolEdge, ToolServer } from '../tool-graph.types';
import { stateCues } from './state-cues.util';
import {
  StateLink,
  StateScores,
  checkLinks,
  contextLinks,
  conversionLinks,
  currentListingLinks,
  inheritedSessionLinks,
  sessionLinks,
} from './state-rules.util';

const pairKey = (from: string, to: string): string => `${from}\u0000${to}`;

/** Every state link of a server, given the data edges found so far (a session is inherited along them). */
export function stateLinks(server: ToolServer, dataEdges: readonly ToolEdge[], scores: StateScores): StateLink[] {
  const cues = server.tools.map(stateCues);
  const dataInto = new Map<string, Set<string>>();
  for (const e of dataEdges) dataInto.set(e.to, (dataInto.get(e.to) ?? new Set()).add(e.from));
  const session = sessionLinks(cues, scores);
  return [
    ...session,
    ...inheritedSessionLinks(cues, session, dataInto, scores),
    ...contextLinks(cues, scores),
    ...currentListingLinks(cues, scores),
    ...checkLinks(cues, scores),
    ...conversionLinks(cues, fedByName(server), scores),
  ];
}

// Parameters (tool, name) that another tool returns under exactly the same name.
function fedByName(server: ToolServer): Set<string> {
  const returned = new Map<string, Set<string>>();
  for (const t of server.tools) {
    for (const o of flattenFields(t.outputSchema)) returned.set(o.name, (returned.get(o.name) ?? new Set()).add(t.name));
  }
  const fed = new Set<string>();
  for (const t of server.tools) {
    for (const p of flattenFields(t.parameters)) {
      if ([...(returned.get(p.name) ?? [])].some((producer) => producer !== t.name)) fed.add(pairKey(t.name, p.name));
    }
  }
  return fed;
}

/** Tools that log in: they take credentials the person holds, which no other tool's output should feed. */
export function loginTools(server: ToolServer): Set<string> {
  return new Set(
    server.tools
      .map(stateCues)
      .filter((c) => c.login)
      .map((c) => c.tool.name),
  );
}

/**
 * Adds each link's evidence to its edge (or makes the edge), re-weighs with `combine`, and names every edge's kind:
 * its strongest state rule, else data.
 */
export function withStateLinks(
  dataEdges: readonly ToolEdge[],
  links: readonly StateLink[],
  combine: (edge: ToolEdge) => number,
  round: (x: number) => number,
): ToolEdge[] {
  const edges = new Map<string, ToolEdge>(dataEdges.map((e) => [pairKey(e.from, e.to), { ...e, kind: 'data' as EdgeKind }]));
  for (const l of links) {
    const key = pairKey(l.from, l.to);
    const edge = edges.get(key) ?? { from: l.from, to: l.to, weight: 0, kind: 'data', evidence: [] };
    // One piece of evidence per rule and edge: the strongest.
    const same = edge.evidence.findIndex((e) => e.kind === l.evidence.kind && 'rule' in e && e.rule === l.evidence.rule);
    const prior = same >= 0 ? edge.evidence[same] : undefined;
    if (prior && prior.score >= l.evidence.score) continue;
    const evidence = prior ? edge.evidence.map((e, i) => (i === same ? l.evidence : e)) : [...edge.evidence, l.evidence];
    edges.set(key, { ...edge, evidence });
  }
  return [...edges.values()].map((e) => ({ ...e, weight: round(combine(e)), kind: strongestKind(e) }));
}

function strongestKind(edge: ToolEdge): EdgeKind {
  let best: { kind: EdgeKind; score: number } = { kind: 'data', score: -1 };
  for (const e of edge.evidence) if (e.kind === 'state' && e.score > best.score) best = { kind: e.rule, score: e.score };
  return best.kind;
}
