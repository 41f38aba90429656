// Lists the guard, action and actor names a machine refers to, so tests can check that the
// engine's setup() implements every one of them.
import type { MachineJson, NamedRef, StateJson, TransitionJson } from './machine-json.js';

interface Refs {
  guards: Set<string>;
  actions: Set<string>;
  actors: Set<string>;
}

function addActions(into: Set<string>, actions: NamedRef[] | undefined): void {
  for (const action of actions ?? []) into.add(action.type);
}

function addTransitions(refs: Refs, transitions: TransitionJson[] | undefined): void {
  for (const transition of transitions ?? []) {
    if (transition.guard) refs.guards.add(transition.guard.type);
    addActions(refs.actions, transition.actions);
  }
}

function collect(refs: Refs, state: StateJson): void {
  addActions(refs.actions, state.entry);
  addActions(refs.actions, state.exit);
  addTransitions(refs, state.always);
  addTransitions(refs, state.onDone);
  for (const transitions of Object.values(state.on ?? {})) addTransitions(refs, transitions);
  if (state.invoke) {
    refs.actors.add(state.invoke.src);
    addTransitions(refs, state.invoke.onDone);
    addTransitions(refs, state.invoke.onError);
  }
  for (const child of Object.values(state.states ?? {})) collect(refs, child);
}

function refsOf(machine: MachineJson): Refs {
  const refs: Refs = { guards: new Set(), actions: new Set(), actors: new Set() };
  collect(refs, machine);
  return refs;
}

/** Sorted names of the guards a machine references. */
export function guardsUsed(machine: MachineJson): string[] {
  return [...refsOf(machine).guards].sort();
}

/** Sorted names of the actions a machine references. */
export function actionsUsed(machine: MachineJson): string[] {
  return [...refsOf(machine).actions].sort();
}

/** Sorted names of the actor sources a machine invokes. */
export function actorsUsed(machine: MachineJson): string[] {
  return [...refsOf(machine).actors].sort();
}
