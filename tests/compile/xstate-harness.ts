// Test-only stub implementations of the engine's actors, guards and actions, to run compiled
// machines under real XState and observe where they go. Not the engine: just enough semantics.
import { assign, createActor, enqueueActions, fromPromise, setup, toPromise } from 'xstate';
import type { MachineJson } from '../../src/compile/index.js';
import type { StageStatus } from '../../src/model/run.js';

export interface StageResult {
  status: StageStatus;
  outputs?: Record<string, string>;
  /** Reject instead of resolving (the actor errors). */
  throws?: boolean;
  /** Never settle (a branch still running when its group is left). */
  hangs?: boolean;
}

/** What each stage returns on its 1st, 2nd, ... run; the last entry repeats. */
export type Script = Record<string, StageResult[]>;

export interface HarnessContext {
  visits: Record<string, number>;
  routes: string[];
  skipped: string[];
  failedBranches: string[];
}

export interface RunObservation {
  final: string;
  context: HarnessContext;
  /** Stages whose hanging actor was stopped (its abort signal fired). */
  aborted: string[];
  runs: Record<string, number>;
}

type ActorOutput = { stage: string; status: StageStatus; outputs: Record<string, string> };
type Params = Record<string, unknown>;

const MAX_RUNS_PER_STAGE = 20;

/** Values of expressions the harness cannot evaluate; a list is consumed in order, the last repeats. */
export type Conditions = Record<string, boolean | boolean[]>;

function conditionValue(conditions: Conditions, expr: string, seen: Record<string, number>): boolean | undefined {
  const value = conditions[expr];
  if (!Array.isArray(value)) return value;
  const index = (seen[expr] = (seen[expr] ?? 0) + 1);
  return value[Math.min(index, value.length) - 1];
}

/** Evaluates `outputs.<key> == '<value>'` on the event's outputs, else looks the expression up. */
function routeHolds(when: string, outputs: Record<string, string>, given: boolean | undefined): boolean {
  if (given !== undefined) return given;
  const match = /^outputs\.(\w+) (==|!=) '(.*)'$/.exec(when);
  if (!match) throw new Error(`test harness cannot evaluate ${when}`);
  const equal = outputs[match[1]] === match[3];
  return match[2] === '==' ? equal : !equal;
}

function makeActor(script: Script, runs: Record<string, number>, aborted: string[]) {
  return fromPromise<ActorOutput, { stage: string }>(async ({ input, signal }) => {
    const count = (runs[input.stage] = (runs[input.stage] ?? 0) + 1);
    if (count > MAX_RUNS_PER_STAGE) throw new Error(`stage ${input.stage} ran more than ${MAX_RUNS_PER_STAGE} times`);
    const results = script[input.stage] ?? [{ status: 'succeeded' }];
    const result = results[Math.min(count, results.length) - 1];
    if (result.hangs) {
      return new Promise<ActorOutput>((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          aborted.push(input.stage);
          reject(new Error('aborted'));
        });
      });
    }
    if (result.throws) throw new Error(`stage ${input.stage} crashed`);
    return { stage: input.stage, status: result.status, outputs: result.outputs ?? {} };
  });
}

/** Runs a compiled machine to a final state with stub implementations and reports what happened. */
export async function runMachine(machine: MachineJson, script: Script = {}, conditions: Conditions = {}): Promise<RunObservation> {
  const runs: Record<string, number> = {};
  const seen: Record<string, number> = {};
  const lookUp = (expr: unknown) => conditionValue(conditions, String(expr), seen);
  const aborted: string[] = [];
  const actor = makeActor(script, runs, aborted);
  // A group's onDone event (xstate.done.state.*) has no output: its routes read the context.
  const outputOf = (event: unknown): ActorOutput => (event as { output?: ActorOutput }).output ?? { stage: '', status: 'succeeded', outputs: {} };
  const stubs = setup({
    types: { context: {} as HarnessContext },
    actors: { runCommand: actor, runAgent: actor, runNestedPipeline: actor, runFanOut: actor, runQueuedGroup: actor },
    guards: {
      stageFailed: ({ event }) => outputOf(event).status !== 'succeeded' && outputOf(event).status !== 'skipped',
      routeWhen: ({ event }, params: Params) => routeHolds(String(params.when), outputOf(event).outputs, lookUp(params.when)),
      visitsExhausted: ({ context }, params: Params) => (context.visits[String(params.stage)] ?? 0) > Number(params.max),
      conditionFalse: (_, params: Params) => lookUp(params.expr) === false,
      groupFailed: ({ context }, params: Params) => context.failedBranches.some((b) => b.startsWith(`${String(params.stage)}/`)),
    },
    actions: {
      countVisit: assign(({ context }, params: Params) => {
        const stage = String(params.stage);
        return { visits: { ...context.visits, [stage]: (context.visits[stage] ?? 0) + 1 } };
      }),
      decideRoute: assign(({ context }, params: Params) => ({
        routes: [...context.routes, `${String(params.from)}->${String(params.to)}: ${String(params.why)}`],
      })),
      skipStage: assign(({ context }, params: Params) => ({ skipped: [...context.skipped, String(params.stage)] })),
      branchFailed: enqueueActions(({ enqueue, context }, params: Params) => {
        enqueue.assign({ failedBranches: [...context.failedBranches, `${String(params.group)}/${String(params.stage)}`] });
        if (params.failFast === true) enqueue.raise({ type: 'flowstate.fail_fast' });
      }),
    },
  });
  // The compiled config references implementations by name only; XState's static types cannot
  // check string references held in a JSON value, so the config is passed through unknown.
  const config = { ...machine, context: { visits: {}, routes: [], skipped: [], failedBranches: [] } };
  const running = createActor(stubs.createMachine(config as unknown as Parameters<typeof stubs.createMachine>[0]));
  running.start();
  await toPromise(running);
  const snapshot = running.getSnapshot();
  return { final: String(snapshot.value), context: snapshot.context, aborted, runs };
}

/** Names the stubs implement, to check a machine references nothing else. */
export const STUB_NAMES = {
  actors: ['runAgent', 'runCommand', 'runFanOut', 'runNestedPipeline', 'runQueuedGroup'],
  guards: ['conditionFalse', 'groupFailed', 'routeWhen', 'stageFailed', 'visitsExhausted'],
  actions: ['branchFailed', 'countVisit', 'decideRoute', 'skipStage'],
};
