// Walks a machine config generically into nodes (one per state) and edges (one per transition).
import type { MachineJson, StateJson, StateMeta } from '../compile/machine-json.js';
import { edgeLabel, routeOf, type Trigger } from './labels.js';
import { resolveTarget, transitionsOf } from './transitions.js';

export type NodeType = 'atomic' | 'compound' | 'parallel' | 'final';

/** One state; `id` is its dotted path from the root. */
export interface VizNode {
  id: string;
  path: string[];
  key: string;
  parentId: string | null;
  type: NodeType;
  /** Id of the initial child of a compound state. */
  initialId?: string;
  meta?: StateMeta;
  description?: string;
  children: VizNode[];
}

/** One transition, from the state that declares it to the state it targets. */
export interface VizEdge {
  from: string;
  to: string;
  trigger: Trigger;
  label: string;
  guard?: unknown;
  /** The routing decision this transition journals (`route.decided` from/to/why), if any. */
  route?: { from: string; to: string; why: string };
}

export interface VizGraph {
  machineId: string;
  /** Id of the machine's initial state. */
  initialId?: string;
  /** Top-level states in declaration order. */
  roots: VizNode[];
  /** Every state, parents before children, in declaration order. */
  nodes: VizNode[];
  byId: Map<string, VizNode>;
  edges: VizEdge[];
}

function nodeType(state: StateJson): NodeType {
  if (state.type === 'final' || state.type === 'parallel') return state.type;
  return Object.keys(state.states ?? {}).length > 0 ? 'compound' : 'atomic';
}

function childId(path: string[], key: string | undefined): string | undefined {
  return key === undefined ? undefined : [...path, key].join('.');
}

function buildNode(graph: VizGraph, state: StateJson, path: string[], parentId: string | null): VizNode {
  const key = path.at(-1) ?? '';
  const node: VizNode = { id: path.join('.'), path, key, parentId, type: nodeType(state), children: [] };
  if (node.type === 'compound') node.initialId = childId(path, state.initial);
  if (state.meta) node.meta = state.meta;
  if (state.description !== undefined) node.description = state.description;
  graph.nodes.push(node);
  graph.byId.set(node.id, node);
  for (const [childKey, child] of Object.entries(state.states ?? {})) {
    node.children.push(buildNode(graph, child, [...path, childKey], node.id));
  }
  return node;
}

function addEdges(graph: VizGraph, from: string[], value: unknown, trigger: Trigger): void {
  for (const transition of transitionsOf(value)) {
    if (transition.target === undefined) continue; // targetless: actions only, nothing to draw
    const target = resolveTarget(graph.machineId, from, transition.target);
    const to = target?.join('.');
    if (to === undefined || !graph.byId.has(to)) continue;
    const edge: VizEdge = { from: from.join('.'), to, trigger, label: edgeLabel(trigger, transition.guard, transition.actions) };
    if (transition.guard !== undefined) edge.guard = transition.guard;
    const route = routeOf(transition.actions);
    if (route) edge.route = route;
    graph.edges.push(edge);
  }
}

function collectEdges(graph: VizGraph, state: StateJson, path: string[]): void {
  if (path.length > 0) {
    // XState also accepts a list of invokes; compile/ writes one.
    const invokes: unknown[] = Array.isArray(state.invoke) ? state.invoke : state.invoke ? [state.invoke] : [];
    for (const invoke of invokes as Array<{ onDone?: unknown; onError?: unknown }>) {
      addEdges(graph, path, invoke.onDone, { kind: 'done' });
      addEdges(graph, path, invoke.onError, { kind: 'error' });
    }
    addEdges(graph, path, state.onDone, { kind: 'done' });
    addEdges(graph, path, state.always, { kind: 'always' });
    for (const [event, transitions] of Object.entries(state.on ?? {})) {
      addEdges(graph, path, transitions, { kind: 'event', event });
    }
  }
  for (const [key, child] of Object.entries(state.states ?? {})) collectEdges(graph, child, [...path, key]);
}

/** The graph of a machine config: nodes for states, edges for transitions. */
export function buildGraph(machine: MachineJson): VizGraph {
  const graph: VizGraph = { machineId: machine.id, roots: [], nodes: [], byId: new Map(), edges: [] };
  for (const [key, state] of Object.entries(machine.states)) graph.roots.push(buildNode(graph, state, [key], null));
  graph.initialId = machine.initial;
  collectEdges(graph, machine, []);
  return graph;
}
