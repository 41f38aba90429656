// What a chart writes on a stage besides its name: the approval gate, `if`, max_visits, retry
// policy and agent role/runtime, from the run plan (so charts and runs agree on them).
import type { PlanStage } from '../../model/run-plan.js';

/** What the plan does not say about a stage: the resolved runtime and the gate_policy rules that apply. */
export interface ChartStageInfo {
  /** The runtime an agent stage resolves to (stage, role profile, default), if known. */
  runtime: string | null;
  /** Messages of orchestrator gate_policy rules that match the stage (with their `when`). */
  policyGates: string[];
}

/** Everything a chart shows about the pipeline's stages, in plan order. */
export interface ChartInfo {
  plan: PlanStage[];
  stages: Record<string, ChartStageInfo>;
}

/** A duration in ms as people write it: `850ms`, `1.2s`, `2m05s`, `1h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 3_600_000) {
    const seconds = Math.round(ms / 1000);
    return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  }
  const minutes = Math.round(ms / 60_000);
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Shortens text to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** The annotation lines of a planned stage, e.g. `⏸ approval: Ship it? (1h, on timeout reject)`. */
export function annotationLines(planned: PlanStage, info?: ChartStageInfo): string[] {
  const lines: string[] = [];
  if (planned.agent) {
    const runtime = planned.agent.runtime ?? info?.runtime ?? null;
    lines.push(`role ${planned.agent.role}${runtime ? ` · runtime ${runtime}` : ''}`);
  }
  if (planned.approval) {
    const timeout = planned.approval.timeout_ms === null ? '' : ` (${formatDuration(planned.approval.timeout_ms)}, on timeout ${planned.approval.on_timeout})`;
    lines.push(`⏸ approval: ${clip(planned.approval.message, 40)}${timeout}`);
  }
  for (const gate of info?.policyGates ?? []) lines.push(`⏸ gate_policy: ${clip(gate, 48)}`);
  if (planned.if !== null) lines.push(`if ${clip(planned.if, 48)}`);
  if (planned.max_visits !== null) lines.push(`max_visits ${planned.max_visits}`);
  if (planned.retries > 0) lines.push(`retry ×${planned.retries}`);
  if (planned.on_failure !== 'fail') lines.push(`on_failure → ${planned.on_failure}`);
  return lines;
}
