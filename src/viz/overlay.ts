// A run drawn over a machine: the status of each stage and the stages active now, taken from
// the run view (model's one fold of the journal).
import { activeStages, gateExpired, type RunView } from '../model/index.js';
import type { VizNode } from './graph.js';

/** One stage of the overlay: its status, attempts, and whether its waiting gate has expired. */
export interface OverlayStage {
  status: string;
  attempts?: number;
  /** A gate whose timeout passed with nobody to apply it (the next resume, approve or reject does). */
  expired?: boolean;
}

/** Stage statuses (and attempts) of one run, keyed by stage id; `current` lists active stages. */
export interface RunOverlay {
  stages: Record<string, OverlayStage>;
  current?: string[];
}

/** The overlay of a run view at `nowMs`: every stage it knows, the stages in flight as current. */
export function overlayOf(view: RunView, nowMs: number): RunOverlay {
  const stages: Record<string, OverlayStage> = {};
  for (const stage of Object.values(view.stages)) {
    const waiting = stage.status === 'awaiting_approval' && stage.gate !== null && stage.gate.decision === null && view.finished_at === null;
    stages[stage.id] = { status: stage.status, attempts: stage.attempts, ...(waiting && stage.gate && gateExpired(stage.gate, nowMs) ? { expired: true } : {}) };
  }
  return { stages, current: activeStages(view).map((stage) => stage.id) };
}

/** Fill and border colours of each stage status; unknown statuses are drawn as pending. */
export const STATUS_COLOURS: Record<string, { fill: string; stroke: string }> = {
  pending: { fill: '#ffffff', stroke: '#999999' },
  running: { fill: '#cce5ff', stroke: '#0066cc' },
  succeeded: { fill: '#d4edda', stroke: '#28a745' },
  failed: { fill: '#f8d7da', stroke: '#dc3545' },
  timed_out: { fill: '#fde2c8', stroke: '#fd7e14' },
  cancelled: { fill: '#e2e3e5', stroke: '#6c757d' },
  skipped: { fill: '#f2f2f2', stroke: '#adb5bd' },
  awaiting_approval: { fill: '#fff3cd', stroke: '#ffc107' },
};

/** The colours of a status. */
export function statusColours(status: string): { fill: string; stroke: string } {
  return STATUS_COLOURS[status] ?? STATUS_COLOURS.pending;
}

/** The run record of the stage a node draws (stage states carry `meta`), if any. */
export function stageRecord(node: VizNode, overlay: RunOverlay | undefined): OverlayStage | undefined {
  if (!overlay || !node.meta) return undefined;
  return Object.hasOwn(overlay.stages, node.key) ? overlay.stages[node.key] : undefined;
}

/** True when the overlay marks the node active: by stage id (stage nodes) or by dotted path. */
export function isCurrent(node: VizNode, overlay: RunOverlay | undefined): boolean {
  const current = overlay?.current ?? [];
  return current.includes(node.id) || (node.meta !== undefined && current.includes(node.key));
}

/** A short status suffix for a node's label, e.g. `failed, 2 attempts`. */
export function statusText(record: OverlayStage | undefined): string | undefined {
  if (!record) return undefined;
  const attempts = record.attempts ?? 0;
  const status = record.expired ? `${record.status} (expired)` : record.status;
  return attempts > 1 ? `${status}, ${attempts} attempts` : status;
}
