// The short summary printed when the dashboard closes, so the scrollback keeps the result (not the logs).
import type { RunView } from '../../model/index.js';
import { STAGE_LOOKS, RUN_LOOKS } from './glyphs.js';
import { runElapsed } from './panes.js';
import { lookKeyOf, stageDetail } from './rows.js';

/** Plain text lines: the run's outcome, then the stages that did not succeed. */
export function summaryLines(view: RunView, nowMs: number): string[] {
  if (view.run_id === null) return ['dashboard: no run events were seen'];
  const status = view.status ? `${RUN_LOOKS[view.status].glyph} ${view.status}` : 'unknown';
  const counts = new Map<string, number>();
  for (const stage of Object.values(view.stages)) if (stage.kind !== 'parallel') counts.set(stage.status, (counts.get(stage.status) ?? 0) + 1);
  const tally = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
  const lines = [`run ${view.run_id} (${view.pipeline?.name ?? '?'}) ${status} in ${runElapsed(view, nowMs)}: ${tally}${view.status_reason ? ` (${view.status_reason})` : ''}`];
  for (const stage of Object.values(view.stages)) {
    const key = lookKeyOf(view, stage);
    if (key === 'succeeded' || key === 'pending' || key === 'skipped' || stage.kind === 'parallel') continue;
    lines.push(`  ${STAGE_LOOKS[key].glyph} ${stage.id} ${stageDetail(view, stage, key, nowMs)}${stage.reason ? ` (${stage.reason})` : ''}`.trimEnd());
  }
  return lines;
}
