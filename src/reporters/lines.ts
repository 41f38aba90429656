// Pure formatting of one journal event into the plain reporter's line (null: print nothing).
import type { GateDecidedEvent, JournalEvent, RouteDecidedEvent, RunFinishedEvent, StageFinishedEvent, StageStartedEvent } from '../model/index.js';
import type { Palette } from './color.js';
import { formatDuration, formatExit } from './format.js';
import { SKIP_REASON_TEXT } from './view-rows.js';

/** Route reasons that are the ordinary flow and are not worth a line. */
const QUIET_ROUTES = new Set(['next', 'default']);

// `  • lint started`, plus `(visit 2, attempt 3)` on re-entries and retries and the agent runtime.
function stageStarted(event: StageStartedEvent, p: Palette): string {
  const counts: string[] = [];
  if (event.visit !== undefined && event.visit > 1) counts.push(`visit ${event.visit}`);
  if (event.attempt > 1) counts.push(`attempt ${event.attempt}`);
  const which = counts.length > 0 ? ` (${counts.join(', ')})` : '';
  const runtime = event.runtime_id !== null ? p.dim(` [runtime ${event.runtime_id}]`) : '';
  return `  ${p.cyan('•')} ${event.stage} started${which}${runtime}`;
}

// Why a stage failed, in a few words: the exit code or signal, else the stage's own reason.
function failureDetail(event: StageFinishedEvent): string {
  const exit = formatExit(event);
  const abnormal = event.signal !== null || (event.exit_code !== null && event.exit_code !== 0);
  const detail = abnormal ? exit : (event.reason ?? exit);
  return detail ? ` (${detail})` : '';
}

// `timed out after 5s; …` as it is, `timed out (no output for 5s)` for other reasons.
function timeoutText(reason: string | null): string {
  if (reason === null) return 'timed out';
  return reason.startsWith('timed out') ? reason : `timed out (${reason})`;
}

/** Formats a stage.finished line: `  ✓ lint  1.2s`, `  ✗ test  failed (exit 1) 3.4s`, ... */
function stageFinishedLine(event: StageFinishedEvent, p: Palette): string {
  const took = p.dim(formatDuration(event.duration_ms));
  const name = event.stage;
  switch (event.status) {
    case 'succeeded':
      return `  ${p.green('✓')} ${name}  ${took}`;
    case 'failed':
      return `  ${p.red('✗')} ${name}  ${p.red('failed')}${failureDetail(event)} ${took}`;
    case 'timed_out':
      return `  ${p.red('⏱')} ${name}  ${p.red(timeoutText(event.reason))} ${took}`;
    case 'cancelled':
      return `  ${p.yellow('⊘')} ${name}  ${p.yellow('cancelled')} ${took}`;
    default:
      return `  ${p.yellow('•')} ${name}  ${p.yellow(event.status.replace('_', ' '))} ${took}`;
  }
}

function routeLine(event: RouteDecidedEvent, p: Palette): string | null {
  if (QUIET_ROUTES.has(event.why)) return null;
  return `  ${p.cyan('→')} ${event.from} ${p.cyan('→')} ${event.to} ${p.dim(`(${event.why})`)}`;
}

function gateDecidedLine(event: GateDecidedEvent, p: Palette): string {
  const approved = event.decision === 'approved';
  const symbol = approved ? p.green('✓') : p.red('✗');
  const by = event.by ? ` by ${event.by}` : '';
  const comment = event.comment ? `: ${event.comment}` : '';
  return `  ${symbol} ${event.stage}  ${event.decision}${by}${comment}`;
}

/** Formats the closing line of a run: `✓ succeeded in 3.2s`, `✗ failed: <reason>`, ... */
export function runFinishedLine(event: RunFinishedEvent, elapsedMs: number | null, p: Palette): string {
  const reason = event.reason ? `: ${event.reason}` : '';
  switch (event.status) {
    case 'succeeded':
      return `${p.green('✓ succeeded')}${elapsedMs === null ? '' : ` in ${formatDuration(elapsedMs)}`}`;
    case 'failed':
      return `${p.red('✗ failed')}${reason}`;
    case 'needs_review':
      return `${p.yellow('⚠ needs review')}${reason}`;
    case 'awaiting_approval':
      return `${p.yellow('⏸ awaiting approval')}${reason}`;
    case 'cancelled':
      return `${p.yellow('⊘ cancelled')}${reason}`;
    case 'interrupted':
      return `${p.yellow('⚠ interrupted')}${reason}`;
    default:
      return `${p.yellow(event.status)}${reason}`;
  }
}

/** Formats one event as a line of plain output; run.finished and null mean "handled elsewhere". */
export function eventLine(event: JournalEvent, p: Palette): string | null {
  switch (event.type) {
    case 'run.started':
      return `${p.bold(`▶ ${event.pipeline.name}`)}  ${p.dim(`run ${event.run_id}`)}`;
    case 'run.resumed':
      return `${p.bold('↺ resumed')}  ${p.dim(`run ${event.run_id}`)}${event.reason ? ` (${event.reason})` : ''}`;
    case 'stage.started':
      return stageStarted(event, p);
    case 'stage.finished':
      return stageFinishedLine(event, p);
    case 'stage.skipped': {
      const detail = event.detail ? `: ${event.detail}` : '';
      const why = SKIP_REASON_TEXT[event.reason] ?? event.reason;
      if (event.reused_from !== undefined) return `  ${p.green('✓')} ${event.stage}  ${p.dim(`${why}${detail}; reused run ${event.reused_from}`)}`;
      return `  ${p.dim('↷')} ${event.stage}  ${p.dim(`skipped (${why}${detail})`)}`;
    }
    case 'stage.retrying':
      return `  ${p.yellow('↻')} ${event.stage}  retrying in ${formatDuration(event.delay_ms)} ${p.dim(`(attempt ${event.attempt} failed: ${event.reason})`)}`;
    case 'stage.superseded':
      return `  ${p.yellow('⚠')} ${event.stage}  ${p.dim(event.reason)}`;
    case 'route.decided':
      return routeLine(event, p);
    case 'gate.waiting':
      return `  ${p.yellow('⏸')} ${event.stage}  waiting for approval: ${event.message}`;
    case 'gate.decided':
      return gateDecidedLine(event, p);
    case 'run.finished':
      return null;
  }
}
