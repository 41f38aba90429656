// The names a compiled machine refers to: every actor source, guard and action the compiler
// emits. The engine's setup() implements a Record of each tuple, so a name added here without
// an implementation (or an implementation without a name) does not type-check.

/** Actor sources: one per runnable stage kind, plus fan-out cells and queued groups. */
export const ACTOR_NAMES = ['runCommand', 'runAgent', 'runNestedPipeline', 'runFanOut', 'runQueuedGroup'] as const;
export type ActorName = (typeof ACTOR_NAMES)[number];

/** Guards: conditions on transitions. */
export const GUARD_NAMES = ['stageFailed', 'routeWhen', 'conditionFalse', 'visitsExhausted', 'groupFailed'] as const;
export type GuardName = (typeof GUARD_NAMES)[number];

/** Actions: entry actions and transition actions. */
export const ACTION_NAMES = ['countVisit', 'skipStage', 'decideRoute', 'branchFailed'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];
