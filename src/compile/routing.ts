// Route targets, decideRoute actions and the onDone transitions of a stage.
import { ValidationError } from '../errors/index.js';
import type { Stage } from '../model/pipeline.js';
import { FINAL_STATES, type ActionRef, type GuardRef, type TransitionJson } from './machine-json.js';

/** What the state builders need to know about the whole pipeline. */
export interface CompileContext {
  machineId: string;
  /** Top-level stage ids in declaration order. */
  order: string[];
  /** Position of each top-level stage id in `order`. */
  indexOf: Map<string, number>;
}

/** Where a failed stage goes: a route target, or null for `continue` (follow `next`). */
export function failureTarget(stage: Stage): string | null {
  return stage.onFailure === 'continue' ? null : stage.onFailure;
}

/** The absolute XState target of a route target (stage id, `end`, `fail` or `needs_review`). */
export function stateTarget(ctx: CompileContext, stage: Stage, to: string): string {
  if (to === 'end') return `#${ctx.machineId}.${FINAL_STATES.succeeded}`;
  if (to === 'fail') return `#${ctx.machineId}.${FINAL_STATES.failed}`;
  if (to === FINAL_STATES.needsReview) return `#${ctx.machineId}.${FINAL_STATES.needsReview}`;
  if (!ctx.indexOf.has(to)) {
    const { file, line, col } = stage.loc;
    const message = `stage \`${stage.id}\`: route target \`${to}\` is not a top-level stage, \`end\` or \`fail\``;
    throw new ValidationError([{ file, line, col, message, severity: 'error' }]);
  }
  return `#${ctx.machineId}.${to}`;
}

/** The action that records a routing decision in the journal. */
export function decideRoute(from: string, to: string, why: string): ActionRef {
  return { type: 'decideRoute', params: { from, to, why } };
}

/** A transition from `stage` to a route target, re-entering when it loops to itself. */
export function routeTransition(ctx: CompileContext, stage: Stage, to: string, why: string, guard?: GuardRef): TransitionJson {
  const transition: TransitionJson = {};
  if (guard) transition.guard = guard;
  transition.target = stateTarget(ctx, stage, to);
  transition.actions = [decideRoute(stage.id, to, why)];
  if (to === stage.id) transition.reenter = true;
  return transition;
}

/** Why the default route is taken: `next` when it is the implicit following stage. */
function defaultWhy(ctx: CompileContext, stage: Stage): string {
  const index = ctx.indexOf.get(stage.id) ?? -1;
  const following = ctx.order[index + 1] ?? 'end';
  const implicit = stage.next.length === 1 && stage.next[0]?.to === following;
  return implicit ? 'next' : 'default';
}

/** The last route of `next` (the loader guarantees it has no `when`) as a transition. */
export function defaultRouteTransition(ctx: CompileContext, stage: Stage, why?: string): TransitionJson {
  // assertCompilable refused a stage whose `next` does not end with a default route.
  const last = stage.next.at(-1);
  if (!last) throw new Error(`internal: stage ${stage.id} has no default route`);
  return routeTransition(ctx, stage, last.to, why ?? defaultWhy(ctx, stage));
}

/** The transitions of `next`, in order: guarded routes, then the default. */
function routeTransitions(ctx: CompileContext, stage: Stage): TransitionJson[] {
  const transitions: TransitionJson[] = [];
  for (const route of stage.next.slice(0, -1)) {
    const when = route.when ?? 'true'; // normalised: only the last route lacks `when`
    const guard: GuardRef = { type: 'routeWhen', params: { stage: stage.id, when } };
    transitions.push(routeTransition(ctx, stage, route.to, `when ${when}`, guard));
  }
  transitions.push(defaultRouteTransition(ctx, stage));
  return transitions;
}

/** The onDone transitions of a stage: its failure transition (unless `continue`), then its routes. */
export function doneTransitions(ctx: CompileContext, stage: Stage, failedGuard: GuardRef): TransitionJson[] {
  const onFailure = failureTarget(stage);
  const transitions: TransitionJson[] = [];
  if (onFailure !== null) transitions.push(routeTransition(ctx, stage, onFailure, 'on_failure', failedGuard));
  transitions.push(...routeTransitions(ctx, stage));
  return transitions;
}
