// The compile <-> engine contract: every actor, guard and action a compiled machine refers to
// (for every pipeline in pipelines/ and tests/fixtures) is implemented by the engine's real
// setup() registry, and that registry implements exactly the names compile/ exports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, ACTOR_NAMES, actionsUsed, actorsUsed, compilePipeline, GUARD_NAMES, guardsUsed, type MachineJson } from '../../src/compile/index.js';
import { loadPipelineFile } from '../../src/config/index.js';
import { createPipelineMachine, type MachineDeps } from '../../src/engine/machine.js';
import { isFlowstateError } from '../../src/errors/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every file under `dir` whose name passes `wanted`. */
function filesUnder(dir: string, wanted: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, wanted);
    return wanted(name) ? [path] : [];
  });
}

/** The project root of a pipeline file: the folder holding its `pipelines/` folder, else its own folder. */
function projectRoot(file: string): string {
  const dir = dirname(file);
  return dir.endsWith('/pipelines') ? dirname(dir) : dir;
}

/** Compiled machines of every valid pipeline in pipelines/ and tests/fixtures, plus the compile goldens. */
function allMachines(): Map<string, MachineJson> {
  const machines = new Map<string, MachineJson>();
  const yamlFiles = [
    ...filesUnder(join(ROOT, 'pipelines'), (n) => /\.ya?ml$/.test(n)),
    ...filesUnder(join(ROOT, 'tests/fixtures'), (n) => /\.ya?ml$/.test(n) && n !== 'orchestrator.yaml'),
  ];
  for (const file of yamlFiles) {
    try {
      machines.set(relative(ROOT, file), compilePipeline(loadPipelineFile(file, { root: projectRoot(file) }).pipeline).machine);
    } catch (error) {
      if (!isFlowstateError(error)) throw error; // an invalid fixture: nothing to compile
    }
  }
  for (const file of filesUnder(join(ROOT, 'tests/fixtures/compile'), (n) => n === 'machine.json')) {
    machines.set(relative(ROOT, file), JSON.parse(readFileSync(file, 'utf8')) as MachineJson);
  }
  return machines;
}

/** The implementations of the engine's one setup(), as XState holds them on the created machine. */
function engineRegistry(machine: MachineJson): { actors: string[]; guards: string[]; actions: string[] } {
  // why: the deps are read only when an implementation runs; none runs here, only the registry is read.
  const created = createPipelineMachine(machine, {} as MachineDeps);
  const { actors, guards, actions } = created.implementations;
  return { actors: Object.keys(actors).sort(), guards: Object.keys(guards).sort(), actions: Object.keys(actions).sort() };
}

describe('the compile <-> engine contract', () => {
  const machines = allMachines();

  it('covers the example pipelines and the valid fixtures', () => {
    expect([...machines.keys()]).toEqual(expect.arrayContaining(['pipelines/nested.yaml', 'pipelines/parallel.yaml', 'pipelines/agent-loop.yaml', 'pipelines/approval.yaml']));
    expect(machines.size).toBeGreaterThan(15);
  });

  it('the real setup() implements exactly the exported name tuples', () => {
    const registry = engineRegistry(machines.get('pipelines/hello.yaml') as MachineJson);
    expect(registry.actors).toEqual([...ACTOR_NAMES].sort());
    expect(registry.guards).toEqual([...GUARD_NAMES].sort());
    expect(registry.actions).toEqual([...ACTION_NAMES].sort());
  });

  it('every name a compiled machine refers to is implemented by the real setup()', () => {
    const used = { actors: new Set<string>(), guards: new Set<string>(), actions: new Set<string>() };
    for (const [file, machine] of machines) {
      const registry = engineRegistry(machine);
      expect(registry.actors, file).toEqual(expect.arrayContaining(actorsUsed(machine)));
      expect(registry.guards, file).toEqual(expect.arrayContaining(guardsUsed(machine)));
      expect(registry.actions, file).toEqual(expect.arrayContaining(actionsUsed(machine)));
      for (const name of actorsUsed(machine)) used.actors.add(name);
      for (const name of guardsUsed(machine)) used.guards.add(name);
      for (const name of actionsUsed(machine)) used.actions.add(name);
    }
    // The pipelines exercise every name, so no implementation is dead.
    expect([...used.actors].sort()).toEqual([...ACTOR_NAMES].sort());
    expect([...used.guards].sort()).toEqual([...GUARD_NAMES].sort());
    expect([...used.actions].sort()).toEqual([...ACTION_NAMES].sort());
  });
});
