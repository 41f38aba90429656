// The one setup({ actors, guards, actions }) that implements every string reference the
// compiler emits, bound to one run. Guards read the run state; actions journal decisions.
import { fromPromise, raise, setup } from 'xstate';
import type { ActionName, ActorName, GuardName, MachineJson } from '../compile/index.js';
import { evaluateCondition, parseExpression, type ParsedExpression } from '../expr/index.js';
import { routeDecidedDraft, stageFinishedDraft, stageSkippedDraft, stageStartedDraft, type BranchStage, type ParallelStage, type Stage } from '../model/index.js';
import { runFanOutVisit } from './fanout.js';
import { runQueuedGroupVisit } from './queued-group.js';
import { isFailedStatus, type RunState } from './run-state.js';
import { afterStageVisit } from './services.js';
import { runStageVisit, type StageVisitResult } from './stage-runner.js';
import { expressionContext } from './stage-context.js';
import type { EngineRun } from './types.js';

export interface StageInput {
  stage: string;
}
interface StageParams {
  stage: string;
}
interface RouteParams {
  from: string;
  to: string;
  why: string;
}

/** Shared by the machine and the engine: the run, its state and its in-flight stage visits. */
export interface MachineDeps {
  run: EngineRun;
  state: RunState;
  stages: Map<string, Stage>;
  inFlight: Set<Promise<StageVisitResult>>;
  /** Why the run ended failed / needs_review, set by the transition that ended it. */
  outcome: { reason: string | null };
  /** Start times of running parallel groups, for their duration. */
  groupStarted: Map<string, number>;
  /** Stages whose visit a resume continues: their first entry is not a new visit. */
  continuingVisit: Set<string>;
}

/** Creates the XState machine of a compiled pipeline with the run's implementations. */
export function createPipelineMachine(machine: MachineJson, deps: MachineDeps) {
  const { run, state, stages } = deps;
  const parsed = new Map<string, ParsedExpression>();
  const holds = (source: string, stageId: string): boolean => {
    let expr = parsed.get(source);
    if (!expr) parsed.set(source, (expr = parseExpression(source)));
    return evaluateCondition(expr, expressionContext(run, state, stageId));
  };
  /** An actor running `body` for a stage, tracked in deps.inFlight until it settles. */
  const visitActor = (body: (stage: Stage, signal: AbortSignal) => Promise<StageVisitResult>) =>
    fromPromise<StageVisitResult, StageInput>(({ input, signal }) => {
      // XState starts an invoked actor before the entering state's custom entry actions
      // (countVisit) have run; they all run in the same synchronous flush, so one microtask
      // later the visit is counted.
      const visit = Promise.resolve().then(() => body(stageById(stages, input.stage), signal));
      deps.inFlight.add(visit);
      void visit.finally(() => deps.inFlight.delete(visit));
      return visit;
    });
  const stageActor = visitActor(async (stage, signal) => {
    const result = await runStageVisit(run, state, stage, signal);
    await afterStageVisit(run, result.stage); // services whose `until:` stage this was stop now
    return result;
  });
  const fanOutActor = visitActor((stage, signal) => runFanOutVisit(run, state, stage as BranchStage, signal, deps.groupStarted.get(stage.id) ?? Date.now()));
  const branchChecks = { conditionFalse: (b: Stage) => b.if !== undefined && !holds(b.if, b.id), skip: (b: Stage) => skipStage(deps, b.id, 'if_false') };
  const queuedGroupActor = visitActor((stage, signal) => runQueuedGroupVisit(run, state, stage as ParallelStage, branchChecks, signal));
  // One implementation per name compile/ emits (compile/names.ts): `satisfies Record<...>` makes
  // a missing or an extra name a type error.
  const machineSetup = setup({
    actors: { runCommand: stageActor, runAgent: stageActor, runNestedPipeline: stageActor, runFanOut: fanOutActor, runQueuedGroup: queuedGroupActor } satisfies Record<
      ActorName,
      typeof stageActor
    >,
    guards: {
      stageFailed: (_: unknown, p: StageParams) => isFailedStatus(state.stage(p.stage).status),
      routeWhen: (_: unknown, p: StageParams & { when: string }) => holds(p.when, p.stage),
      conditionFalse: (_: unknown, p: StageParams & { expr: string }) => !holds(p.expr, p.stage),
      visitsExhausted: (_: unknown, p: StageParams & { max: number }) => state.stage(p.stage).visits > p.max,
      groupFailed: (_: unknown, p: StageParams) => groupFailed(stageById(stages, p.stage), state),
    } satisfies Record<GuardName, unknown>,
    actions: {
      countVisit: (_: unknown, p: StageParams) => countVisit(deps, p.stage),
      skipStage: (_: unknown, p: StageParams & { reason: 'if_false' }) => skipStage(deps, p.stage, p.reason),
      decideRoute: (_: unknown, p: RouteParams) => decideRoute(deps, p),
      branchFailed: raise({ type: 'flowstate.fail_fast' }),
    } satisfies Record<ActionName, unknown>,
  });
  // The compiler emits plain JSON with string references; XState's config type cannot express
  // "references resolved by this setup()", so the JSON is typed as this setup's config here.
  return machineSetup.createMachine(machine as Parameters<typeof machineSetup.createMachine>[0]);
}

/** Looks a stage up by id; the compiler only references existing stages. */
function stageById(stages: Map<string, Stage>, id: string): Stage {
  const stage = stages.get(id);
  if (!stage) throw new Error(`internal: machine references unknown stage ${id}`);
  return stage;
}

/** True when a branch of the group did not succeed. */
function groupFailed(group: Stage, state: RunState): boolean {
  if (group.kind !== 'parallel') return false;
  return group.branches.some((b) => isFailedStatus(state.stage(b.id).status));
}

/** Entry of a stage: one more visit; a parallel group or fanned-out stage also starts as a stage of its own. */
function countVisit(deps: MachineDeps, stageId: string): void {
  const record = deps.state.stage(stageId);
  const stage = stageById(deps.stages, stageId);
  if (deps.continuingVisit.delete(stageId)) {
    // A branch that had not started when the runner stopped (queued by a limit) has no events: it is in this visit too.
    for (const branch of stage.kind === 'parallel' ? stage.branches : []) {
      const branchRecord = deps.state.stage(branch.id);
      branchRecord.visits = Math.max(branchRecord.visits, record.visits);
    }
    return;
  }
  record.visits++;
  if (stage.kind !== 'parallel' && !stage.fanout) return;
  for (const branch of stage.kind === 'parallel' ? stage.branches : []) {
    const branchRecord = deps.state.stage(branch.id);
    branchRecord.status = 'pending';
    branchRecord.visits++;
  }
  record.status = 'running';
  record.attempts++;
  deps.groupStarted.set(stageId, Date.now());
  deps.run.services.emit(stageStartedDraft({ stage: stageId, attempt: record.attempts, visit: record.visits }));
}

/** A stage whose `if` is false: skipped, not failed. */
function skipStage(deps: MachineDeps, stageId: string, reason: 'if_false'): void {
  const record = deps.state.stage(stageId);
  record.status = 'skipped';
  record.reason = 'if was false';
  deps.run.services.emit(stageSkippedDraft({ stage: stageId, attempt: record.attempts, visit: record.visits, reason }));
}

/** Journals a routing decision; closes a parallel group; remembers why a run ends. */
function decideRoute(deps: MachineDeps, p: RouteParams): void {
  const stage = deps.stages.get(p.from);
  if (stage?.kind === 'parallel') finishGroup(deps, stage);
  deps.run.services.emit(routeDecidedDraft(p.from, p.to, p.why));
  const record = deps.state.stage(p.from);
  if (p.to === 'needs_review') deps.outcome.reason = `stage \`${p.from}\` ${p.why}`;
  else if (p.to === 'fail') {
    const detail = record.reason ? ` (${record.reason})` : '';
    deps.outcome.reason = isFailedStatus(record.status) ? `stage \`${p.from}\` ${record.status}${detail}` : `stage \`${p.from}\` routed to fail`;
  }
}

/** Records the end of a parallel group as a stage.finished event. */
function finishGroup(deps: MachineDeps, group: ParallelStage): void {
  const record = deps.state.stage(group.id);
  if (record.status !== 'running') return;
  const failed = group.branches.filter((b) => isFailedStatus(deps.state.stage(b.id).status));
  record.status = failed.length > 0 ? 'failed' : 'succeeded';
  record.reason = failed.length > 0 ? `branch ${failed.map((b) => `\`${b.id}\``).join(', ')} failed` : null;
  const durationMs = Date.now() - (deps.groupStarted.get(group.id) ?? Date.now());
  deps.run.services.emit(stageFinishedDraft({ stage: group.id, attempt: record.attempts, status: record.status, durationMs, log: null, reason: record.reason }));
}
