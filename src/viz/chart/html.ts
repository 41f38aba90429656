// The chart as one self-contained HTML page: the SVG inline, a details panel, a slider over
// the journal (time travel), the CSS, the script and the (masked) journal events inline. A
// Content-Security-Policy forbids every request except, in --serve mode, the page's own stream.
import type { JournalEvent } from '../../model/run.js';
import { STATUS_COLOURS } from '../overlay.js';
import { chartColours, htmlText } from './dot.js';
import { CLIENT_SCRIPT } from './client.js';
import { layoutChart, prepareChart, type ChartInput, type PreparedChart } from './svg.js';
import { timelineOf } from './timeline.js';

export interface HtmlOptions {
  /** Served by `viz --serve`: the page listens to its `events` stream for new frames. */
  live?: boolean;
  title?: string;
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:13px/1.4 Helvetica,Arial,sans-serif;color:#111;display:flex;flex-direction:column;height:100vh}
header{padding:6px 12px;border-bottom:1px solid #ddd;display:flex;gap:16px;align-items:baseline}
header h1{font-size:15px;margin:0}#run-status{font-weight:bold}
main{flex:1;display:flex;min-height:0}#chart{flex:1;overflow:auto;padding:8px}#chart svg{max-width:none}
aside{width:380px;border-left:1px solid #ddd;overflow:auto;padding:8px 12px}
aside h2{font-size:14px;margin:4px 0}aside h3{font-size:12px;margin:10px 0 2px}
aside table{border-collapse:collapse;width:100%}aside th{text-align:left;color:#555;font-weight:normal;padding:1px 6px 1px 0;vertical-align:top;white-space:nowrap}
aside td{padding:1px 4px;word-break:break-all}table.attempts th,table.attempts td{border-bottom:1px solid #eee}
pre{background:#f6f6f6;padding:6px;white-space:pre-wrap;word-break:break-all;font-size:11px;max-height:240px;overflow:auto}
footer{border-top:1px solid #ddd;padding:6px 12px;display:flex;gap:8px;align-items:center}#slider{flex:1}
#position{min-width:320px;font-family:monospace;font-size:12px}
g.state{cursor:pointer}g.state.selected>path,g.state.selected>polygon{stroke-dasharray:4 2}
`;

/** JSON safe inside a <script> element (no `</script>`, no `<!--`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** What the page's script needs besides the frames: which texts to repaint, colours, stage ids. */
function pageData(chart: PreparedChart, frames: unknown[], events: readonly JournalEvent[], live: boolean): Record<string, unknown> {
  const stateSlots: Record<string, number> = {};
  const stageOf: Record<string, string> = {};
  const terminalStroke: Record<string, string> = {};
  for (const node of chart.graph.nodes) {
    if (node.meta) {
      stateSlots[node.id] = 2;
      stageOf[node.id] = node.key;
    } else if (node.parentId === null && node.type === 'final') {
      stateSlots[node.id] = 1;
      terminalStroke[node.id] = chartColours(node.key).stroke;
    }
  }
  const edgeSlots: Record<string, boolean> = {};
  chart.graph.edges.forEach((edge, index) => {
    if (edge.route) edgeSlots[String(index)] = true;
  });
  const colours = Object.fromEntries([...Object.keys(STATUS_COLOURS), 'needs_review'].map((status) => [status, chartColours(status)]));
  return { frames, events, live, stateSlots, stageOf, terminalStroke, edgeSlots, colours };
}

/** The SVG element without the XML prolog and doctype, for inlining. */
function inlineSvg(svg: string): string {
  const start = svg.indexOf('<svg');
  return start >= 0 ? svg.slice(start) : svg;
}

/** The self-contained HTML page of a chart and its run (same input, same bytes). */
export async function renderChartHtml(input: ChartInput, options: HtmlOptions = {}): Promise<string> {
  const events = input.events ?? [];
  const chart = prepareChart({ ...input, events });
  const frames = chart.frames ?? timelineOf(chart.graph, events);
  const svg = await layoutChart(input, chart, true);
  const title = options.title ?? chart.graph.machineId;
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; connect-src ${options.live ? "'self'" : "'none'"}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    `<title>${htmlText(title)} · flowstate</title>`,
    `<style>${CSS}</style></head><body>`,
    `<header><h1>${htmlText(title)}</h1><span id="run-status"></span><span id="run-id"></span></header>`,
    `<main><div id="chart">${inlineSvg(svg)}</div><aside><div id="details"></div><h3>event</h3><pre id="event-json"></pre></aside></main>`,
    '<footer><button id="prev" title="previous event (←)">◀</button><input id="slider" type="range" min="0" max="0" value="0" aria-label="journal position"><button id="next" title="next event (→)">▶</button><span id="position"></span></footer>',
    `<script type="application/json" id="flowstate-data">${scriptJson(pageData(chart, frames, events, options.live === true))}</script>`,
    `<script>${CLIENT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
