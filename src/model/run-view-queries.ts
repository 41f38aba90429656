// Questions readers ask of a RunView: what is in flight, which gates wait, which have expired.
import type { GateView, RunView, StageView } from './run-view.js';

/** Stages in the order a view lists them (plan order, then first seen). */
export function stagesInOrder(view: RunView): StageView[] {
  return Object.values(view.stages);
}

/** Stages in flight: running, waiting at a gate, or waiting for their next attempt. */
export function activeStages(view: RunView): StageView[] {
  return stagesInOrder(view).filter((s) => s.status === 'running' || s.status === 'awaiting_approval' || (s.retry !== null && view.finished_at === null));
}

/** Gates waiting for a decision (not decided, stage still at the gate, run not finished). */
export function gatesAwaitingDecision(view: RunView): GateView[] {
  const gates: GateView[] = [];
  if (view.finished_at !== null) return gates;
  for (const stage of stagesInOrder(view)) {
    if (stage.status === 'awaiting_approval' && stage.gate && stage.gate.decision === null) gates.push(stage.gate);
  }
  return gates;
}

/** True when a waiting gate's timeout has passed at `nowMs` (readers show it as expired; only the owner applies it). */
export function gateExpired(gate: GateView, nowMs: number): boolean {
  return gate.timeout_at !== null && Date.parse(gate.timeout_at) <= nowMs;
}

/** Stages counted as done for progress (`12/40`): finished in any way. */
export function finishedCount(view: RunView): { done: number; total: number } {
  const stages = stagesInOrder(view).filter((s) => s.kind !== 'parallel');
  const done = stages.filter((s) => s.status !== 'pending' && s.status !== 'running' && s.status !== 'awaiting_approval').length;
  return { done, total: stages.length };
}
