// Mermaid stateDiagram-v2 rendering: composite states for compound/parallel states, one edge
// per transition (lifted to the states that share a parent, as mermaid requires).
import type { MachineJson } from '../compile/machine-json.js';
import { buildGraph, type VizEdge, type VizGraph, type VizNode } from './graph.js';
import { mermaidIds, mermaidText } from './mermaid-ids.js';
import { isCurrent, stageRecord, STATUS_COLOURS, statusColours, statusText, type RunOverlay } from './overlay.js';

interface Ctx {
  graph: VizGraph;
  names: Map<string, string>;
  overlay?: RunOverlay;
  /** Edge lines by the id of the block they belong to ('' for the root). */
  edgesByBlock: Map<string, string[]>;
}

/** A state's title: its key, the stage summary on composite states, and the run status. */
function nodeLabel(node: VizNode, overlay: RunOverlay | undefined): string {
  const composite = node.type === 'compound' || node.type === 'parallel';
  const title = composite && node.meta ? `${node.key} [${node.meta.label}]` : node.key;
  const status = statusText(stageRecord(node, overlay));
  return status === undefined ? title : `${title} (${status})`;
}

/** Lifts an edge's ends to the ancestors that share a parent; returns that parent and the ends. */
function liftEdge(edge: VizEdge, graph: VizGraph): { block: string; from: string; to: string } {
  const from = graph.byId.get(edge.from)?.path ?? [];
  const to = graph.byId.get(edge.to)?.path ?? [];
  let depth = 0;
  const cap = Math.min(from.length, to.length) - 1;
  while (depth < cap && from[depth] === to[depth]) depth++;
  return {
    block: from.slice(0, depth).join('.'),
    from: from.slice(0, depth + 1).join('.'),
    to: to.slice(0, depth + 1).join('.'),
  };
}

function groupEdges(ctx: Ctx): void {
  const seen = new Set<string>();
  for (const edge of ctx.graph.edges) {
    const lifted = liftEdge(edge, ctx.graph);
    const label = edge.label === '' ? '' : ` : ${mermaidText(edge.label)}`;
    const line = `${ctx.names.get(lifted.from)} --> ${ctx.names.get(lifted.to)}${label}`;
    const key = `${lifted.block}\n${line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const lines = ctx.edgesByBlock.get(lifted.block) ?? [];
    lines.push(line);
    ctx.edgesByBlock.set(lifted.block, lines);
  }
}

function renderNode(ctx: Ctx, node: VizNode, indent: string, out: string[]): void {
  const name = ctx.names.get(node.id);
  const head = `${indent}state "${mermaidText(nodeLabel(node, ctx.overlay))}" as ${name}`;
  if (node.type === 'atomic' || node.type === 'final') {
    out.push(head);
    if (node.meta) out.push(`${indent}${name} : ${mermaidText(node.meta.label)}`);
    return;
  }
  out.push(`${head} {`);
  if (node.type === 'parallel') {
    node.children.forEach((region, index) => {
      if (index > 0) out.push(`${indent}  --`);
      renderNode(ctx, region, `${indent}  `, out);
    });
    out.push(...(ctx.edgesByBlock.get(node.id) ?? []).map((line) => `${indent}  ${line}`));
  } else {
    renderBlock(ctx, node.id, node.children, node.initialId, `${indent}  `, out);
  }
  out.push(`${indent}}`);
}

function renderBlock(ctx: Ctx, blockId: string, children: VizNode[], initialId: string | undefined, indent: string, out: string[]): void {
  if (initialId !== undefined && ctx.names.has(initialId)) out.push(`${indent}[*] --> ${ctx.names.get(initialId)}`);
  for (const child of children) renderNode(ctx, child, indent, out);
  for (const line of ctx.edgesByBlock.get(blockId) ?? []) out.push(`${indent}${line}`);
  for (const child of children) if (child.type === 'final') out.push(`${indent}${ctx.names.get(child.id)} --> [*]`);
}

function statusClass(status: string): string {
  const name = status.replace(/\W/g, '_');
  return name === 'default' || name === 'current' ? `status_${name}` : name;
}

function renderOverlay(ctx: Ctx, out: string[]): void {
  const byStatus = new Map<string, string[]>();
  const current: string[] = [];
  for (const node of ctx.graph.nodes) {
    const name = ctx.names.get(node.id) ?? node.id;
    const record = stageRecord(node, ctx.overlay);
    if (record) {
      const names = byStatus.get(record.status) ?? [];
      names.push(name);
      byStatus.set(record.status, names);
    }
    if (isCurrent(node, ctx.overlay)) current.push(name);
  }
  const known = Object.keys(STATUS_COLOURS);
  const statuses = [...byStatus.keys()].sort((a, b) => (known.indexOf(a) + 1 || 99) - (known.indexOf(b) + 1 || 99) || a.localeCompare(b));
  for (const status of statuses) {
    const { fill, stroke } = statusColours(status);
    out.push(`  classDef ${statusClass(status)} fill:${fill},stroke:${stroke},color:#000`);
  }
  if (current.length > 0) out.push('  classDef current stroke-width:3px');
  for (const status of statuses) out.push(`  class ${byStatus.get(status)?.join(',')} ${statusClass(status)}`);
  if (current.length > 0) out.push(`  class ${current.join(',')} current`);
}

/** The machine as a mermaid stateDiagram-v2, optionally coloured by a run's stage statuses. */
export function renderMermaid(machine: MachineJson, overlay?: RunOverlay): string {
  const graph = buildGraph(machine);
  const ctx: Ctx = { graph, names: mermaidIds(graph.nodes), overlay, edgesByBlock: new Map() };
  groupEdges(ctx);
  const out = ['stateDiagram-v2'];
  renderBlock(ctx, '', graph.roots, graph.initialId, '  ', out);
  if (overlay) renderOverlay(ctx, out);
  return `${out.join('\n')}\n`;
}
