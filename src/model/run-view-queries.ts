// Questions readers ask of a RunView: what is in flight, which gates wait, which have expired.
import { cellParent } from './fanout.js';
import type { GateView, RunView, StageView } from './run-view.js';

/** Stages in the order a view lists them (plan order, then first seen), each stage's fan-out cells right after it. */
export function stagesInOrder(view: RunView): StageView[] {
  return withCellsAfterParents(Object.values(view.stages), (stage) => stage.id);
}

/** Items in their order, except that each fan-out cell (`test[suite=a]`) follows its stage and the cells before it. */
export function withCellsAfterParents<T>(items: readonly T[], idOf: (item: T) => string): T[] {
  const cells = new Map<string, T[]>();
  const ids = new Set(items.map(idOf));
  for (const item of items) {
    const parent = cellParent(idOf(item));
    if (parent === undefined || !ids.has(parent)) continue;
    const siblings = cells.get(parent);
    if (siblings) siblings.push(item);
    else cells.set(parent, [item]);
  }
  if (cells.size === 0) return [...items];
  const ordered: T[] = [];
  for (const item of items) {
    const parent = cellParent(idOf(item));
    if (parent !== undefined && ids.has(parent)) continue;
    ordered.push(item, ...(cells.get(idOf(item)) ?? []));
  }
  return ordered;
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
