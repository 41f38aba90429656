// Text of the header and the state pane, from the run view alone. Pure.
import { finishedCount, gatesAwaitingDecision, type RunView, type Usage } from '../../model/index.js';
import { formatDuration } from '../format.js';
import { RUN_LOOKS } from './glyphs.js';
import { esc, type Paint } from './paint.js';
import { planOf } from './rows.js';

/** `1.2k` for token counts. */
function count(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

/** Usage totals, or '' when no agent reported any. */
export function usageText(usage: Usage): string {
  if (usage.input_tokens === 0 && usage.output_tokens === 0 && usage.cost_usd === undefined) return '';
  const cost = usage.cost_usd !== undefined ? ` $${usage.cost_usd.toFixed(2)}` : '';
  return `tokens ${count(usage.input_tokens)} in/${count(usage.output_tokens)} out${cost}`;
}

/** Run time so far (or in total once finished). */
export function runElapsed(view: RunView, nowMs: number): string {
  if (view.started_at === null) return '';
  const end = view.finished_at !== null ? Date.parse(view.finished_at) : nowMs;
  return formatDuration(end - Date.parse(view.started_at));
}

/** The two header lines: who/what/where, then the reason or the waiting gate. */
export function headerLines(view: RunView, paint: Paint, nowMs: number, note: string): string[] {
  const look = view.status ? RUN_LOOKS[view.status] : null;
  const status = look ? paint(look.colour, `${look.glyph} ${view.status}`) : paint('gray', 'waiting for the run to start');
  const { done, total } = finishedCount(view);
  const usage = usageText(view.usage);
  const first = [
    paint('bold', esc(view.pipeline?.name ?? 'flowstate')),
    view.run_id ? `run ${esc(view.run_id)}` : '',
    status,
    runElapsed(view, nowMs),
    total > 0 ? `${done}/${total}` : '',
    usage,
  ].filter(Boolean);
  const gates = gatesAwaitingDecision(view);
  let second = '';
  if (note) second = paint('yellow', esc(note));
  else if (gates[0]) second = paint('yellow', esc(`gate \`${gates[0].stage}\`: ${gates[0].message}`)) + paint('gray', '  (a approve, r reject)');
  else if (view.status_reason) second = esc(view.status_reason);
  return [first.join('  '), second];
}

/** The state pane: the path so far, where the run is, and the routes out of the selected stage. */
export function stateLines(view: RunView, selected: string | null, paint: Paint, width: number): string[] {
  // Branches run inside their group's step: the path lists top-level stages.
  const topLevel = view.path.filter((s) => (Object.hasOwn(view.stages, s.stage) ? (view.stages[s.stage]?.parent ?? null) : null) === null);
  const steps = topLevel.map((s) => (s.visit > 1 ? `${s.stage}#${s.visit}` : s.stage));
  const final = view.finished_at !== null && view.position !== null && !Object.hasOwn(view.stages, view.position) ? [view.position] : [];
  let path = [...steps, ...final].join(' → ');
  if (path.length > width - 6) path = `…${path.slice(path.length - (width - 7))}`;
  const lines = [`${paint('gray', 'path')}  ${esc(path || '(not started)')}`];
  const stage = selected !== null && Object.hasOwn(view.stages, selected) ? view.stages[selected] : undefined;
  if (selected === null || stage === undefined) return lines;
  const planned = planOf(view, selected);
  const taken = [...view.routes].reverse().find((r) => r.from === selected);
  lines.push(`${paint('gray', 'stage')} ${paint('bold', esc(selected))}${stage.reason ? `  ${esc(stage.reason)}` : ''}`);
  const routes = planned?.routes ?? [];
  for (const route of routes) {
    const isTaken = taken !== undefined && taken.to === route.to && (route.when === null || taken.why.includes(route.when) || taken.why === route.when);
    const text = `${route.when ? `when ${route.when} ` : 'else '}→ ${route.to}`;
    lines.push(isTaken ? paint('green', `▸ ${esc(text)}`) : `  ${paint('gray', esc(text))}`);
  }
  if (routes.length === 0 && taken) lines.push(paint('green', `▸ → ${esc(taken.to)} (${esc(taken.why)})`));
  if (planned && planned.on_failure !== 'fail') lines.push(`  ${paint('gray', esc(`on failure → ${planned.on_failure}`))}`);
  return lines;
}
