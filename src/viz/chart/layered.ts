// The fallback layout for big charts, where Graphviz's `dot` grows much worse than linearly
// (measured: bench/scenarios/viz.mjs): states stacked top to bottom in declaration order,
// compound and parallel states as boxes around their children, the following-state route as
// a straight arrow, other routes as arcs on the right, failure routes as labelled stubs. Same
// ids, classes and text order as the Graphviz SVG, so the overlay and the page work on both.
import { anchorOf, isCluster } from '../dot.js';
import type { VizGraph, VizNode } from '../graph.js';
import { edgeLook, htmlText, stageLines, stateLook, type ChartDotOptions, type LabelLine } from './dot.js';

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const PAD = 8;
const GAP = 28;
/** Room on the left for the labelled failure stubs. */
const LEFT = 170;
const FONT = 'Helvetica,sans-Serif';

/** Estimated width of a line of text (Helvetica averages about 0.55em a character). */
function textWidth(line: LabelLine): number {
  return line.text.length * line.size * (line.bold ? 0.62 : 0.55);
}

function linesOf(node: VizNode, options: ChartDotOptions): LabelLine[] {
  const overlay = options.overlay?.states[node.id];
  if (node.meta) return stageLines(node, options, overlay);
  const terminal = node.parentId === null && node.type === 'final';
  const lines: LabelLine[] = [{ text: node.key, size: terminal ? 12 : 9, colour: terminal ? '#000000' : '#555555', bold: terminal }];
  if (terminal && (overlay?.line || options.reserve)) lines.push({ text: overlay?.line || '\u00a0', size: 9, colour: '#111111', bold: false });
  return lines;
}

/** Lays out a chart without Graphviz; returns the SVG document. */
export function layeredSvg(graph: VizGraph, options: ChartDotOptions = {}): string {
  const boxes = new Map<string, Box>();
  const body: string[] = [];
  const textHeight = (lines: LabelLine[]): number => lines.reduce((sum, line) => sum + line.size + 4, 0);

  /** Sizes a state (and its children) and places it with its top-left corner at x, y. */
  const place = (node: VizNode, x: number, y: number): Box => {
    const lines = linesOf(node, options);
    let w = Math.max(...lines.map(textWidth)) + 2 * PAD;
    let h = textHeight(lines) + 2 * PAD;
    if (isCluster(node)) {
      let cy = y + h;
      for (const child of node.children) {
        const box = place(child, x + PAD * 2, cy);
        cy += box.h + GAP / 2;
        w = Math.max(w, box.w + PAD * 4);
      }
      h = cy - y + PAD;
    }
    const box = { x, y, w, h };
    boxes.set(node.id, box);
    return box;
  };
  let y = 20;
  for (const root of graph.roots) y += place(root, LEFT, y).h + GAP;

  const right = Math.max(...[...boxes.values()].map((b) => b.x + b.w));
  graph.nodes.forEach((node) => body.push(stateSvg(node, boxes.get(node.id) as Box, linesOf(node, options), options)));
  const stubs = new Map<string, number>();
  graph.edges.forEach((edge, index) => {
    const from = graph.byId.get(edge.from) as VizNode;
    const to = graph.byId.get(edge.to) as VizNode;
    const look = edgeLook(edge, index, options);
    const stub = stubs.get(from.id) ?? 0;
    if (look.failure) stubs.set(from.id, stub + 1);
    body.push(edgeSvg(`${anchorOf(from)}->${anchorOf(to)}`, boxes.get(from.id) as Box, boxes.get(to.id) as Box, look, index, right, stub));
  });
  const width = Math.ceil(right + 240);
  const height = Math.ceil(y);
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    `<svg width="${width}pt" height="${height}pt" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">`,
    `<g id="chart" class="graph"><title>${htmlText(graph.machineId)}</title>`,
    `<polygon fill="white" stroke="none" points="0,0 ${width},0 ${width},${height} 0,${height}"/>`,
    ...body,
    '</g></svg>',
    '',
  ].join('\n');
}

function text(x: number, y: number, line: LabelLine, anchor = 'start'): string {
  const weight = line.bold ? ' font-weight="bold"' : '';
  return `<text xml:space="preserve" text-anchor="${anchor}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="${FONT}"${weight} font-size="${line.size}" fill="${line.colour}">${htmlText(line.text)}</text>`;
}

function rounded(box: Box, fill: string, stroke: string, width: number, dashed: boolean): string {
  const r = 6;
  const { x, y, w, h } = box;
  const d = `M${x + r},${y}H${x + w - r}Q${x + w},${y} ${x + w},${y + r}V${y + h - r}Q${x + w},${y + h} ${x + w - r},${y + h}H${x + r}Q${x},${y + h} ${x},${y + h - r}V${y + r}Q${x},${y} ${x + r},${y}Z`;
  return `<path fill="${fill}" stroke="${stroke}" stroke-width="${width}"${dashed ? ' stroke-dasharray="5,2"' : ''} d="${d}"/>`;
}

function stateSvg(node: VizNode, box: Box, lines: LabelLine[], options: ChartDotOptions): string {
  const overlay = options.overlay?.states[node.id];
  const look = stateLook(node, overlay);
  const kind = isCluster(node) ? 'cluster' : 'node';
  const role = node.meta ? (isCluster(node) ? node.type : 'stage') : node.parentId === null && node.type === 'final' ? 'terminal' : 'internal';
  const classes = [kind, 'state', role, ...(overlay ? [`status-${overlay.status}`] : []), ...(overlay?.current ? ['current'] : [])];
  const out = [`<g id="state:${htmlText(node.id)}" class="${classes.join(' ')}">`, `<title>${htmlText(node.id)}</title>`];
  out.push(
    rounded(box, node.meta || role === 'terminal' ? look.fill : '#ffffff', node.meta || role === 'terminal' ? look.stroke : '#999999', look.width, node.type === 'parallel'),
  );
  if (node.type === 'final') out.push(rounded({ x: box.x + 3, y: box.y + 3, w: box.w - 6, h: box.h - 6 }, 'none', look.stroke, 1, false));
  let ty = box.y + PAD;
  for (const line of lines) {
    ty += line.size + 4;
    out.push(text(box.x + PAD, ty - 3, line));
  }
  out.push('</g>');
  return out.join('\n');
}

function edgeSvg(title: string, from: Box, to: Box, look: ReturnType<typeof edgeLook>, index: number, right: number, stub: number): string {
  const colour = look.marked ? '#0b4f9c' : look.failure ? '#b0b0b0' : '#555555';
  const width = look.marked ? 2.5 : 1;
  const out = [`<g id="edge:${index}" class="edge ${look.className}">`, `<title>${htmlText(title)}</title>`];
  let path: string;
  let tip: [number, number];
  let label: [number, number];
  let anchor = 'start';
  if (look.failure) {
    // A stub to the left, labelled with where it goes: drawing every failure route to the one
    // `failed` state at the bottom would cover the chart with lines.
    const sy = from.y + 10 + stub * 12;
    path = `M${from.x},${sy}H${from.x - 22}`;
    tip = [from.x - 24, sy];
    label = [from.x - 28, sy + 3];
    anchor = 'end';
  } else if (to.y >= from.y + from.h && to.y - (from.y + from.h) <= GAP + 1) {
    const x = Math.min(from.x + from.w / 2, to.x + to.w - 10);
    path = `M${x},${from.y + from.h}V${to.y - 2}`;
    tip = [x, to.y];
    label = [x + 6, from.y + from.h + GAP / 2 + 3];
  } else {
    const lane = right + 20 + (index % 10) * 14;
    const sy = from.y + from.h / 2;
    const ty = to.y + Math.min(14, to.h / 2);
    path = `M${from.x + from.w},${sy}C${lane},${sy} ${lane},${ty} ${to.x + to.w + 2},${ty}`;
    tip = [to.x + to.w, ty];
    label = [lane + 4, (sy + ty) / 2];
  }
  out.push(`<path fill="none" stroke="${colour}" stroke-width="${width}"${look.failure ? ' stroke-dasharray="5,2"' : ''} d="${path}"/>`);
  out.push(`<polygon fill="${colour}" stroke="${colour}" points="${arrow(path, tip)}"/>`);
  const words = look.failure ? `${look.text} → ${title.split('->')[1] ?? ''}` : look.text;
  if (words !== '') out.push(text(label[0], label[1], { text: words, size: 9, colour: look.marked ? '#0b4f9c' : '#555555', bold: false }, anchor));
  if (look.extra !== undefined) out.push(text(label[0], label[1] + 11, { text: look.extra, size: 9, colour: '#0b4f9c', bold: false }, anchor));
  out.push('</g>');
  return out.join('\n');
}

/** A small arrowhead at `tip`, pointing along the path's last direction (left, down or right-to-left). */
function arrow(path: string, tip: [number, number]): string {
  const [x, y] = tip;
  if (path.includes('V') && !path.includes('C') && !path.includes('H')) return `${x - 4},${y - 7} ${x + 4},${y - 7} ${x},${y}`;
  if (path.includes('H') && !path.includes('V')) return `${x + 6},${y - 4} ${x + 6},${y + 4} ${x},${y}`;
  return `${x + 7},${y - 4} ${x + 7},${y + 4} ${x},${y}`;
}
