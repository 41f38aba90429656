// The DOT source of a chart for Graphviz: ids on every state (`state:<path>`) and transition
// (`edge:<n>`), clusters for compound and parallel states, annotations from the run plan, and
// optionally a run's overlay (status colours, path steps, taken routes) with a legend.
import { anchorOf, dotString, isCluster } from '../dot.js';
import type { VizEdge, VizGraph, VizNode } from '../graph.js';
import { statusColours } from '../overlay.js';
import { annotationLines, type ChartInfo } from './annotations.js';
import type { StateOverlay } from './overlay.js';
import type { FrameDiff } from './timeline.js';

export interface ChartDotOptions {
  info?: ChartInfo;
  /** The run drawn over the chart (a merged frame). */
  overlay?: FrameDiff;
  /** Keep a line for the overlay on every state and route even when empty (the HTML page repaints them). */
  reserve?: boolean;
}

/** Colours of a state status, and of the run's final states. */
export function chartColours(status: string): { fill: string; stroke: string } {
  if (status === 'needs_review') return { fill: '#ffe8cc', stroke: '#e8590c' };
  return statusColours(status);
}

/** Border colour of each top-level final state, so terminal states stand out without a run. */
const TERMINAL_STROKE: Record<string, string> = { succeeded: '#28a745', failed: '#dc3545', needs_review: '#e8590c' };
const NBSP = '\u00a0';
const RESERVED_LINE = 'succeeded · 2 attempts · 12.3s';
const RESERVED_STEPS = '#12 (visit 2)';

/** Text for a Graphviz HTML-like label. */
export function htmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are what this replaces
      .replace(/[\u0000-\u001f]/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/** One line of a state's label, as both renderers draw it. */
export interface LabelLine {
  text: string;
  size: number;
  colour: string;
  bold: boolean;
}

function row(line: LabelLine): string {
  const body = line.bold ? `<B>${htmlText(line.text)}</B>` : htmlText(line.text);
  return `<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="${line.size}" COLOR="${line.colour}">${body}</FONT></TD></TR>`;
}

/** The lines of a stage state: name, summary, annotations, then the overlay lines (status, path steps). */
export function stageLines(node: VizNode, options: ChartDotOptions, overlay: StateOverlay | undefined): LabelLine[] {
  const line = (text: string, size: number, colour: string, bold = false): LabelLine => ({ text, size, colour, bold });
  const lines = [line(node.key, 12, '#000000', true)];
  if (node.meta) lines.push(line(node.meta.label, 9, '#555555'));
  const planned = options.info?.plan.find((s) => s.id === node.key);
  if (planned) for (const text of annotationLines(planned, options.info?.stages[node.key])) lines.push(line(text, 9, '#7a4b00'));
  if (overlay || options.reserve) {
    // Reserved lines are sized for a typical overlay; the page's script writes the real text.
    lines.push(line(overlay?.line || (options.reserve ? RESERVED_LINE : NBSP), 9, '#111111', true));
    lines.push(line(overlay?.steps || (options.reserve ? RESERVED_STEPS : NBSP), 9, '#0b4f9c'));
  }
  return lines;
}

/** The HTML-like label of a stage state. */
function stageLabel(node: VizNode, options: ChartDotOptions, overlay: StateOverlay | undefined): string {
  return `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">${stageLines(node, options, overlay).map(row).join('')}</TABLE>>`;
}

function classOf(overlay: StateOverlay | undefined, extra: string): string {
  const parts = ['state', extra];
  if (overlay) parts.push(`status-${overlay.status}`);
  if (overlay?.current) parts.push('current');
  return dotString(parts.join(' '));
}

/** How a state is painted: fill, border colour and width (terminal states keep their own border). */
export function stateLook(node: VizNode, overlay: StateOverlay | undefined): { fill: string; stroke: string; width: number } {
  const terminal = node.parentId === null && node.type === 'final';
  const { fill, stroke } = chartColours(overlay?.status ?? 'pending');
  return {
    fill: overlay ? fill : '#ffffff',
    stroke: terminal ? (TERMINAL_STROKE[node.key] ?? stroke) : overlay ? stroke : '#666666',
    width: overlay?.current ? 3 : terminal || node.type === 'parallel' ? 2 : 1,
  };
}

function colourAttrs(node: VizNode, overlay: StateOverlay | undefined, base: string): string[] {
  const look = stateLook(node, overlay);
  return [`style=${dotString(`${base},filled`)}`, `fillcolor=${dotString(look.fill)}`, `color=${dotString(look.stroke)}`, `penwidth=${look.width}`];
}

function renderCluster(node: VizNode, options: ChartDotOptions, indent: string, out: string[]): void {
  const overlay = options.overlay?.states[node.id];
  out.push(`${indent}subgraph ${dotString(`cluster_${node.id}`)} {`);
  const inner = `${indent}  `;
  const attrs = [`id=${dotString(`state:${node.id}`)}`, `class=${classOf(overlay, node.type)}`, `label=${node.meta ? stageLabel(node, options, overlay) : dotString(node.key)}`];
  attrs.push(...colourAttrs(node, overlay, node.type === 'parallel' ? 'rounded,dashed' : 'rounded'));
  out.push(...attrs.map((attr) => `${inner}${attr};`), `${inner}labeljust="l";`);
  const entry = anchorOf(node);
  out.push(`${inner}${dotString(entry)} [id=${dotString(`entry:${node.id}`)}, class="entry", shape=point, width=0.08, label=""];`);
  const entries = node.type === 'parallel' ? node.children : node.children.filter((child) => child.id === node.initialId);
  for (const child of entries) out.push(`${inner}${dotString(entry)} -> ${dotString(anchorOf(child))} [class="entry", color="#999999"];`);
  for (const child of node.children) renderNode(child, options, inner, out);
  out.push(`${indent}}`);
}

function renderNode(node: VizNode, options: ChartDotOptions, indent: string, out: string[]): void {
  if (isCluster(node)) {
    renderCluster(node, options, indent, out);
    return;
  }
  const overlay = options.overlay?.states[node.id];
  const attrs = [`id=${dotString(`state:${node.id}`)}`];
  if (node.meta) {
    attrs.push(`class=${classOf(overlay, 'stage')}`, `label=${stageLabel(node, options, overlay)}`, ...colourAttrs(node, overlay, 'rounded'));
  } else if (node.parentId === null && node.type === 'final') {
    const reserved = overlay?.line || (options.reserve ? NBSP : '');
    const label = reserved ? `<<B>${htmlText(node.key)}</B><BR/><FONT POINT-SIZE="9">${htmlText(reserved)}</FONT>>` : dotString(node.key);
    attrs.push(`class=${classOf(overlay, 'terminal')}`, `label=${label}`, 'peripheries=2', ...colourAttrs(node, overlay, 'rounded'));
  } else {
    attrs.push(`class=${classOf(undefined, 'internal')}`, `label=${dotString(node.key)}`, 'fontsize=9', 'fontcolor="#555555"', 'color="#999999"', 'height=0.3');
    if (node.type === 'final') attrs.push('peripheries=2');
  }
  out.push(`${indent}${dotString(node.id)} [${attrs.join(', ')}];`);
}

/** The words on an edge: the route's `when` or why (`next`, `default`, `on_failure`...), else the trigger. */
export function routeText(edge: VizEdge): string {
  if (!edge.route) return edge.label;
  return edge.route.why.startsWith('when ') ? edge.label : edge.route.why;
}

/** The top-level state a state belongs to. */
function topOf(graph: VizGraph, node: VizNode): VizNode {
  let top = node;
  while (top.parentId !== null) top = graph.byId.get(top.parentId) ?? top;
  return top;
}

/** True for a loop back to an earlier (or the same) top-level stage: it must not push that stage down. */
function isBackEdge(graph: VizGraph, from: VizNode, to: VizNode): boolean {
  const target = topOf(graph, to);
  const source = topOf(graph, from);
  if (target.type === 'final') return false;
  if (target === source) return to === target && from !== to; // re-entering its own stage
  return graph.roots.indexOf(target) < graph.roots.indexOf(source);
}

/** How a transition is drawn: its words, the overlay line, and whether it is a failure route or marked taken. */
export function edgeLook(edge: VizEdge, index: number, options: ChartDotOptions): { text: string; extra?: string; failure: boolean; marked: boolean; className: string } {
  const taken = options.overlay?.edges[String(index)];
  const failure = edge.trigger.kind === 'error' || edge.route?.why === 'on_failure' || edge.route?.why === 'error' || edge.label === 'failed';
  // With `reserve` the page paints taken routes itself: the laid-out edges keep their plain look.
  const marked = taken !== undefined && !options.reserve;
  const className = `transition${marked ? ' taken' : ''}${failure ? ' failure' : ''}`;
  return { text: routeText(edge), extra: taken ?? (options.reserve && edge.route ? NBSP : undefined), failure, marked, className };
}

function renderEdge(graph: VizGraph, edge: VizEdge, index: number, options: ChartDotOptions): string {
  const from = graph.byId.get(edge.from) as VizNode; // buildGraph only keeps edges between known states
  const to = graph.byId.get(edge.to) as VizNode;
  const { text, extra, failure, marked, className } = edgeLook(edge, index, options);
  const attrs = [`id=${dotString(`edge:${index}`)}`, `class=${dotString(className)}`];
  if (extra !== undefined) attrs.push(`label=<${htmlText(text || NBSP)}<BR/><FONT POINT-SIZE="9" COLOR="#0b4f9c">${htmlText(extra)}</FONT>>`);
  else if (text !== '') attrs.push(`label=${dotString(text)}`);
  if (isCluster(from) && !to.id.startsWith(`${from.id}.`) && to !== from) attrs.push(`ltail=${dotString(`cluster_${from.id}`)}`);
  if (isCluster(to) && !from.id.startsWith(`${to.id}.`) && to !== from) attrs.push(`lhead=${dotString(`cluster_${to.id}`)}`);
  if (isBackEdge(graph, from, to)) attrs.push('constraint=false');
  if (marked) attrs.push('color="#0b4f9c"', 'penwidth=2.5', 'fontcolor="#0b4f9c"');
  else if (failure) attrs.push('style=dashed', 'color="#b0b0b0"', 'fontcolor="#888888"');
  return `  ${dotString(anchorOf(from))} -> ${dotString(anchorOf(to))} [${attrs.join(', ')}];`;
}

/** Rows of the legend: one per status colour, then what the marks mean. */
function legend(): string[] {
  const statuses = ['pending', 'running', 'awaiting_approval', 'succeeded', 'failed', 'timed_out', 'cancelled', 'skipped'];
  const rows = statuses.map((status) => {
    const { fill, stroke } = chartColours(status);
    return `<TR><TD BGCOLOR="${fill}" COLOR="${stroke}" BORDER="1" WIDTH="14"> </TD><TD ALIGN="LEFT"><FONT POINT-SIZE="9">${status.replace('_', ' ')}</FONT></TD></TR>`;
  });
  const notes = ['thick border: where the run is now', '#n: step n of the path (visit v on loops)', 'blue edge →#n: route taken into step n (label: why)'];
  for (const note of notes) rows.push(`<TR><TD></TD><TD ALIGN="LEFT"><FONT POINT-SIZE="9">${htmlText(note)}</FONT></TD></TR>`);
  const table = `<<TABLE BORDER="1" COLOR="#bbbbbb" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2"><TR><TD COLSPAN="2" ALIGN="LEFT"><B>legend</B></TD></TR>${rows.join('')}</TABLE>>`;
  return [`  ":legend" [id="legend", class="legend", shape=plain, label=${table}];`];
}

/** The chart of a machine as DOT (same input, same text). */
export function chartDot(graph: VizGraph, options: ChartDotOptions = {}): string {
  const out = [
    `digraph ${dotString(graph.machineId)} {`,
    '  compound=true; rankdir=TB; nodesep=0.35; ranksep=0.45;',
    '  graph [fontname="Helvetica", fontsize=11, id="chart"];',
    '  node [shape=box, style="rounded", fontname="Helvetica", margin="0.12,0.06"];',
    '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    '  "[*]" [id="entry:", class="entry", shape=point, width=0.12, label=""];',
  ];
  if (graph.initialId !== undefined && graph.byId.has(graph.initialId)) {
    out.push(`  "[*]" -> ${dotString(anchorOf(graph.byId.get(graph.initialId) as VizNode))} [class="entry"];`);
  }
  for (const node of graph.roots) renderNode(node, options, '  ', out);
  graph.edges.forEach((edge, index) => out.push(renderEdge(graph, edge, index, options)));
  if (options.overlay) out.push(...legend());
  out.push('}');
  return `${out.join('\n')}\n`;
}
