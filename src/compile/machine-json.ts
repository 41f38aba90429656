// The plain-JSON XState v5 machine config that compile/ produces and engine/ and viz/ consume.
// Only string references to actors, guards and actions: JSON.parse(JSON.stringify(m)) equals m.
import type { StageKind } from '../model/pipeline.js';
import type { ActionName, ActorName, GuardName } from './names.js';

/** Any value that survives a JSON round trip. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A named guard or action with its parameters, implemented by the engine's setup(). */
export interface NamedRef<Name extends string = string> {
  type: Name;
  params?: Record<string, JsonValue>;
}
export type GuardRef = NamedRef<GuardName>;
export type ActionRef = NamedRef<ActionName>;

/** One transition; `target` is absolute (`#machine.stage`) or a sibling state key. */
export interface TransitionJson {
  target?: string;
  guard?: GuardRef;
  actions?: ActionRef[];
  /** Set when the target is the source state or one of its ancestors, so entry re-runs. */
  reenter?: boolean;
}

/** An invoked actor, referenced by its registered source name. */
export interface InvokeJson {
  id: string;
  src: ActorName;
  input?: Record<string, JsonValue>;
  onDone?: TransitionJson[];
  onError?: TransitionJson[];
}

/** What a stage state shows in visualisations: its kind and a short summary. */
export interface StateMeta {
  /** `cells`: the one child state of a fanned-out stage or queued group that runs its instances. */
  kind: StageKind | 'cells';
  label: string;
}

/** One state node of the config. */
export interface StateJson {
  type?: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  initial?: string;
  description?: string;
  meta?: StateMeta;
  entry?: ActionRef[];
  exit?: ActionRef[];
  invoke?: InvokeJson;
  always?: TransitionJson[];
  on?: Record<string, TransitionJson[]>;
  onDone?: TransitionJson[];
  states?: Record<string, StateJson>;
}

/** The root of a compiled machine: id is the pipeline name. */
export interface MachineJson extends StateJson {
  id: string;
  initial: string;
  states: Record<string, StateJson>;
}

/** Names of the three final states of every compiled machine. */
export const FINAL_STATES = {
  succeeded: 'succeeded',
  failed: 'failed',
  needsReview: 'needs_review',
} as const;

/** Actor sources the engine registers, by stage kind. */
export const ACTOR_SOURCES = {
  command: 'runCommand',
  agent: 'runAgent',
  pipeline: 'runNestedPipeline',
  /** A matrix / for_each stage: its cells, queued. */
  fanout: 'runFanOut',
  /** A parallel group with max_parallel: its branches, queued. */
  group: 'runQueuedGroup',
} as const satisfies Record<Exclude<StageKind, 'parallel'> | 'fanout' | 'group', ActorName>;

/** The event the engine's branchFailed action raises when a fail-fast branch fails. */
export const FAIL_FAST_EVENT = 'flowstate.fail_fast';
