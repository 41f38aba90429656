// The shell every stage state shares: the visit count, the `if` and loop-limit checks around
// the running state, and the invoke of the stage's actor.
import type { BranchStage, Stage } from '../model/pipeline.js';
import { ACTOR_SOURCES, FINAL_STATES, type ActionRef, type GuardRef, type InvokeJson, type StateJson, type TransitionJson } from './machine-json.js';
import { stageAnnotations } from './meta.js';
import { decideRoute, defaultRouteTransition, doneTransitions, stateTarget, type CompileContext } from './routing.js';

/** The entry action that counts a visit to a stage (read by visitsExhausted). */
function countVisit(stage: Stage): ActionRef {
  return { type: 'countVisit', params: { stage: stage.id } };
}

/** The invoke of a command, agent or nested-pipeline stage with its routing transitions. */
export function stageInvoke(ctx: CompileContext, stage: BranchStage): InvokeJson {
  const failedGuard: GuardRef = { type: 'stageFailed', params: { stage: stage.id } };
  const onError: TransitionJson = {
    target: stateTarget(ctx, stage, 'fail'),
    actions: [decideRoute(stage.id, 'fail', 'error')],
  };
  return {
    id: stage.id,
    src: ACTOR_SOURCES[stage.kind],
    input: { stage: stage.id },
    onDone: doneTransitions(ctx, stage, failedGuard),
    onError: [onError],
  };
}

/** The `enter` state's eventless transitions: loop guard, `if` check, then run. */
function enterTransitions(ctx: CompileContext, stage: Stage): TransitionJson[] {
  const transitions: TransitionJson[] = [];
  if (stage.maxVisits !== undefined) {
    const max = stage.maxVisits;
    transitions.push({
      guard: { type: 'visitsExhausted', params: { stage: stage.id, max } },
      target: stateTarget(ctx, stage, FINAL_STATES.needsReview),
      actions: [decideRoute(stage.id, FINAL_STATES.needsReview, `max_visits ${max} exhausted`)],
    });
  }
  if (stage.if !== undefined) {
    transitions.push({ guard: { type: 'conditionFalse', params: { stage: stage.id, expr: stage.if } }, target: 'skip' });
  }
  transitions.push({ target: 'run' });
  return transitions;
}

/**
 * Wraps the state that runs a stage (`running`: an invoke or a parallel group) into the
 * stage's state: atomic/parallel when it has no `if`/`max_visits`, else enter/run/skip.
 */
export function stageShell(ctx: CompileContext, stage: Stage, running: StateJson): StateJson {
  const entry = [countVisit(stage)];
  if (stage.if === undefined && stage.maxVisits === undefined) {
    return { ...stageAnnotations(stage), entry, ...running };
  }
  const states: Record<string, StateJson> = { enter: { always: enterTransitions(ctx, stage) }, run: running };
  if (stage.if !== undefined) {
    states.skip = {
      entry: [{ type: 'skipStage', params: { stage: stage.id, reason: 'if_false' } }],
      always: [defaultRouteTransition(ctx, stage, 'skipped')],
    };
  }
  return { ...stageAnnotations(stage), initial: 'enter', entry, states };
}
