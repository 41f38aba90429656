// Graphviz rendering: a cluster per compound/parallel state with a point marking its entry,
// boxes for atomic states, double boxes for final ones, one edge per transition.
import type { MachineJson } from '../compile/machine-json.js';
import { buildGraph, type VizEdge, type VizGraph, type VizNode } from './graph.js';
import { isCurrent, stageRecord, statusColours, statusText, type RunOverlay } from './overlay.js';

/** A DOT double-quoted string: backslashes, quotes and newlines escaped. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

const ENTRY = '[*]';

/** True for states drawn as a Graphviz cluster (compound and parallel states). */
export function isCluster(node: VizNode): boolean {
  return node.type === 'compound' || node.type === 'parallel';
}

/** The DOT node an edge attaches to: the state itself, or a cluster's entry point. */
export function anchorOf(node: VizNode): string {
  return isCluster(node) ? `${node.id}.${ENTRY}` : node.id;
}

function labelOf(node: VizNode, overlay: RunOverlay | undefined): string {
  const lines = [node.key];
  if (node.meta) lines.push(node.meta.label);
  const status = statusText(stageRecord(node, overlay));
  if (status !== undefined) lines.push(`[${status}]`);
  return lines.join('\n');
}

function styleOf(node: VizNode, overlay: RunOverlay | undefined, base: string): string[] {
  const attrs: string[] = [];
  const record = stageRecord(node, overlay);
  if (record) {
    const { fill, stroke } = statusColours(record.status);
    attrs.push(`style=${dotString(`${base},filled`)}`, `fillcolor=${dotString(fill)}`, `color=${dotString(stroke)}`);
  }
  if (isCurrent(node, overlay)) attrs.push('penwidth=3');
  return attrs;
}

function renderCluster(node: VizNode, overlay: RunOverlay | undefined, indent: string, out: string[]): void {
  out.push(`${indent}subgraph ${dotString(`cluster_${node.id}`)} {`);
  const inner = `${indent}  `;
  out.push(`${inner}label=${dotString(labelOf(node, overlay))};`);
  const style = styleOf(node, overlay, 'rounded');
  out.push(...(style.length > 0 ? style : ['style="rounded"']).map((attr) => `${inner}${attr};`));
  if (node.type === 'parallel') out.push(`${inner}penwidth=2;`);
  out.push(`${inner}${dotString(anchorOf(node))} [shape=point, label=""];`);
  const entries = node.type === 'parallel' ? node.children : node.children.filter((child) => child.id === node.initialId);
  for (const entry of entries) out.push(`${inner}${dotString(anchorOf(node))} -> ${dotString(anchorOf(entry))};`);
  for (const child of node.children) renderNode(child, overlay, inner, out);
  out.push(`${indent}}`);
}

function renderNode(node: VizNode, overlay: RunOverlay | undefined, indent: string, out: string[]): void {
  if (isCluster(node)) {
    renderCluster(node, overlay, indent, out);
    return;
  }
  const attrs = [`label=${dotString(labelOf(node, overlay))}`];
  if (node.type === 'final') attrs.push('peripheries=2');
  attrs.push(...styleOf(node, overlay, 'rounded'));
  out.push(`${indent}${dotString(node.id)} [${attrs.join(', ')}];`);
}

function isInside(node: VizNode, container: VizNode): boolean {
  return node.id.startsWith(`${container.id}.`);
}

function renderEdge(graph: VizGraph, edge: VizEdge): string {
  const from = graph.byId.get(edge.from) as VizNode; // buildGraph only keeps edges between known states
  const to = graph.byId.get(edge.to) as VizNode;
  const attrs: string[] = [];
  if (edge.label !== '') attrs.push(`label=${dotString(edge.label)}`);
  if (isCluster(from) && !isInside(to, from) && to !== from) attrs.push(`ltail=${dotString(`cluster_${from.id}`)}`);
  if (isCluster(to) && !isInside(from, to) && to !== from) attrs.push(`lhead=${dotString(`cluster_${to.id}`)}`);
  if (edge.trigger.kind === 'error') attrs.push('style=dashed');
  const suffix = attrs.length > 0 ? ` [${attrs.join(', ')}]` : '';
  return `  ${dotString(anchorOf(from))} -> ${dotString(anchorOf(to))}${suffix};`;
}

/** The machine as a Graphviz digraph, optionally coloured by a run's stage statuses. */
export function renderDot(machine: MachineJson, overlay?: RunOverlay): string {
  const graph = buildGraph(machine);
  const out = [
    `digraph ${dotString(machine.id)} {`,
    '  compound=true;',
    '  graph [fontname="Helvetica"];',
    '  node [shape=box, style="rounded", fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
    `  ${dotString(ENTRY)} [shape=point, label=""];`,
  ];
  if (graph.initialId !== undefined && graph.byId.has(graph.initialId)) {
    out.push(`  ${dotString(ENTRY)} -> ${dotString(anchorOf(graph.byId.get(graph.initialId) as VizNode))};`);
  }
  for (const node of graph.roots) renderNode(node, overlay, '  ', out);
  for (const edge of graph.edges) out.push(renderEdge(graph, edge));
  out.push('}');
  return `${out.join('\n')}\n`;
}
