// The summary table's rows, read from the run view (model's one fold of the journal).
import { placementText, stagesInOrder, type RunView, type SkipReason, type StageView } from '../model/index.js';
import { formatExit } from './format.js';
import type { SummaryRow } from './summary.js';

/** Words used for a skip reason, in stage lines and in the summary. */
export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  cached: 'cached',
  if_false: 'if false',
  target: 'not selected',
};

/** Why a row has its status, in a few words (null for running, waiting and plain successes). */
function rowReason(stage: StageView): string | null {
  const skip = stage.skip_reason === null ? null : (SKIP_REASON_TEXT[stage.skip_reason] ?? stage.skip_reason);
  if (stage.status === 'succeeded') return skip !== null && stage.reused_from !== undefined ? `${skip}, from run ${stage.reused_from}` : null;
  if (stage.status === 'skipped') return skip;
  if (stage.status === 'running' || stage.status === 'pending' || stage.status === 'awaiting_approval') return null;
  return stage.reason ?? formatExit(stage);
}

/** One row per stage the run has reached, in view order: attempts, summed duration of finished attempts, reason. */
export function summaryRows(view: RunView): SummaryRow[] {
  return stagesInOrder(view)
    .filter((stage) => stage.last_seq > 0)
    .map((stage) => ({
      stage: stage.id,
      status: stage.status,
      attempts: stage.attempts,
      duration_ms: stage.duration_ms === null && stage.total_ms === 0 ? null : stage.total_ms,
      reason: rowReason(stage),
      ...(stage.placement?.executor === 'bullmq' ? { where: placementText(stage.placement) } : {}),
    }));
}

/** Milliseconds from the run's (re)start as the view saw it to `finishedTs`, or null if unknown. */
export function runElapsedMs(view: RunView, finishedTs: string): number | null {
  const from = Date.parse(view.started_at ?? view.resumed_at ?? '');
  const to = Date.parse(finishedTs);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  return Math.max(0, to - from);
}
