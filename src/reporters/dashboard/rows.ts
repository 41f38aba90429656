// The stage tree as text rows: indentation for branches, a status glyph, the id and what a
// reader wants at a glance (elapsed, retry countdown, skip reason, visits, runtime). Pure.
import { gateExpired, placementText, type PlanStage, type RunView, type StageView } from '../../model/index.js';
import { formatDuration } from '../format.js';
import { STAGE_LOOKS, type Look, type StageLookKey } from './glyphs.js';
import { esc, type Paint } from './paint.js';

/** The plan entry of a stage, if the journal carried a plan. */
export function planOf(view: RunView, id: string): PlanStage | undefined {
  return view.plan?.stages.find((s) => s.id === id);
}

/** A parallel group has no events of its own until it ends: it looks like its busiest branch. */
function groupLook(view: RunView, group: StageView): StageLookKey {
  const keys = Object.values(view.stages)
    .filter((s) => s.parent === group.id)
    .map((s) => lookKeyOf(view, s));
  for (const key of ['running', 'retrying', 'awaiting_approval'] as const) if (keys.includes(key)) return 'running';
  if (keys.every((k) => k === 'pending')) return 'pending';
  if (keys.some((k) => k === 'pending')) return 'running';
  for (const key of ['failed', 'timed_out', 'cancelled'] as const) if (keys.includes(key)) return key;
  return 'succeeded';
}

/** Which look a stage has right now. */
export function lookKeyOf(view: RunView, stage: StageView): StageLookKey {
  if (stage.kind === 'parallel' && stage.status === 'pending' && stage.attempts === 0) return groupLook(view, stage);
  if (stage.retry !== null && stage.status !== 'running' && view.finished_at === null) return 'retrying';
  if (view.status === 'needs_review' && view.path.at(-1)?.stage === stage.id && stage.status !== 'failed') return 'needs_review';
  return stage.status;
}

/** Short skip reason: cached, if, target (the detail stays in the state pane). */
function skipWord(reason: string | null): string {
  const word = (reason ?? '').split(':')[0];
  return word === 'if_false' ? 'if' : word || 'skipped';
}

function elapsedSince(iso: string | null, nowMs: number): string {
  return iso === null ? '' : formatDuration(nowMs - Date.parse(iso));
}

/** The detail after a stage's id. */
export function stageDetail(view: RunView, stage: StageView, key: StageLookKey, nowMs: number): string {
  const planned = planOf(view, stage.id);
  const parts: string[] = [];
  const maxAttempts = planned ? planned.retries + 1 : null;
  switch (key) {
    case 'running':
      if (stage.kind === 'parallel' && stage.started_at === null) break;
      parts.push(elapsedSince(stage.started_at, nowMs));
      if (stage.attempts > Math.max(1, stage.visits)) parts.push(`attempt ${stage.attempts}${maxAttempts ? `/${maxAttempts}` : ''}`);
      break;
    case 'retrying': {
      const retry = stage.retry!;
      const wait = Math.max(0, Date.parse(retry.at) - nowMs);
      parts.push(`retry ${retry.attempt}${maxAttempts ? `/${maxAttempts}` : ''} in ${formatDuration(wait)}`);
      break;
    }
    case 'skipped':
      parts.push(skipWord(stage.reason));
      break;
    case 'awaiting_approval':
      if (stage.gate && gateExpired(stage.gate, nowMs)) parts.push('expired');
      parts.push('awaiting approval');
      break;
    case 'failed':
    case 'timed_out':
    case 'cancelled':
      if (stage.duration_ms !== null) parts.push(formatDuration(stage.duration_ms));
      if (stage.signal) parts.push(stage.signal);
      else if (stage.exit_code !== null && stage.exit_code !== 0) parts.push(`exit ${stage.exit_code}`);
      if (key === 'failed' && stage.reason?.startsWith('approval rejected')) parts.push('rejected');
      break;
    case 'succeeded':
      if (stage.reused_from) parts.push(stage.reason?.startsWith('cached') ? 'cached' : 'reused');
      else if (stage.duration_ms !== null) parts.push(formatDuration(stage.duration_ms));
      break;
    default:
      break;
  }
  if (stage.visits > 1 || (planned?.max_visits && stage.visits > 0)) parts.push(`×${stage.visits}${planned?.max_visits ? `/${planned.max_visits}` : ''}`);
  if (stage.runtime_id) parts.push(`[${stage.runtime_id}]`);
  if (stage.child_run) parts.push(`→ ${stage.child_run}`); // a nested pipeline's run: `flowstate dashboard` it
  const where = placementText(stage.placement);
  if (where) parts.push(`@ ${where}`); // a remote worker (docs/scale-out.md)
  // Why a stage with `sources` ran instead of being skipped (watch re-runs show it).
  if (stage.run_reason && (key === 'running' || key === 'succeeded' || key === 'failed'))
    parts.push(`↺ ${stage.run_reason.length > 40 ? `${stage.run_reason.slice(0, 39)}…` : stage.run_reason}`);
  return parts.filter(Boolean).join(' ');
}

/** Indentation depth of a stage: branches under their group. */
function depthOf(view: RunView, stage: StageView): number {
  return stage.parent !== null && Object.hasOwn(view.stages, stage.parent) ? 1 : 0;
}

/** Stage ids in tree order: each stage followed by its branches or fan-out cells (which the view may list later). */
export function treeOrder(view: RunView): string[] {
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const stage of Object.values(view.stages)) {
    if (stage.parent !== null && Object.hasOwn(view.stages, stage.parent)) {
      const list = children.get(stage.parent);
      if (list) list.push(stage.id);
      else children.set(stage.parent, [stage.id]);
    } else roots.push(stage.id);
  }
  return roots.flatMap((id) => [id, ...(children.get(id) ?? [])]);
}

/** The painted text of one stage row. */
export function stageRowText(view: RunView, stage: StageView, paint: Paint, nowMs: number, isGroup = stage.kind === 'parallel'): string {
  const key = lookKeyOf(view, stage);
  const look: Look = STAGE_LOOKS[key];
  const indent = '  '.repeat(depthOf(view, stage));
  const group = isGroup ? paint('gray', ' ⋔') : stage.kind === 'pipeline' ? paint('gray', ' ⧉') : '';
  const detail = stageDetail(view, stage, key, nowMs);
  return `${indent}${paint(look.colour, look.glyph)} ${esc(stage.id)}${group}${detail ? ` ${paint('gray', esc(detail))}` : ''}`;
}
