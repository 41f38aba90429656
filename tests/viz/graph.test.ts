// buildGraph walks any XState config: string/object/array transitions, relative targets, events.
import { describe, expect, it } from 'vitest';
import type { MachineJson } from '../../src/compile/index.js';
import { buildGraph, guardLabel, renderMermaid } from '../../src/viz/index.js';

// A hand-written config in the shorthand forms XState accepts (not what compile/ emits),
// typed loosely on purpose: viz must read configs beyond compile/'s own output.
const handWritten = {
  id: 'light',
  initial: 'green',
  states: {
    green: { on: { TIMER: 'yellow', EMERGENCY: { target: '#light.red.flashing', guard: 'isNight' } } },
    yellow: { on: { TIMER: [{ target: 'red', guard: { type: 'stageFailed' } }, { target: 'green' }] }, always: { actions: ['log'] } },
    red: {
      initial: 'walk',
      states: { walk: { on: { PED: 'wait', SELF: '.nowhere' } }, wait: { after: {} }, flashing: {} },
      onDone: 'green',
      on: { RESET: { target: '.walk' }, LOST: 'nowhere' },
    },
  },
} as unknown as MachineJson;

describe('buildGraph', () => {
  const graph = buildGraph(handWritten);

  it('makes one node per state, with compound types and initial children', () => {
    expect(graph.nodes.map((n) => `${n.id}:${n.type}`)).toEqual(['green:atomic', 'yellow:atomic', 'red:compound', 'red.walk:atomic', 'red.wait:atomic', 'red.flashing:atomic']);
    expect(graph.byId.get('red')?.initialId).toBe('red.walk');
  });

  it('resolves sibling, child and absolute targets and drops unknown or missing ones', () => {
    expect(graph.edges.map((e) => `${e.from} -> ${e.to} [${e.label}]`)).toEqual([
      'green -> yellow [TIMER]',
      'green -> red.flashing [EMERGENCY [isNight]]',
      'yellow -> red [TIMER [failed]]',
      'yellow -> green [TIMER]',
      'red -> green [done]',
      'red -> red.walk [RESET]',
      'red.walk -> red.wait [PED]',
    ]);
  });

  it('draws the hand-written config in mermaid with lifted cross-state edges', () => {
    const text = renderMermaid(handWritten);
    expect(text).toContain('  green --> red : EMERGENCY [isNight]\n');
    expect(text).toContain('    red_walk --> red_wait : PED\n');
    expect(text).toContain('  red --> red : RESET\n');
  });
});

describe('guardLabel', () => {
  it('names each compiled guard the way a pipeline author reads it', () => {
    expect(guardLabel({ type: 'routeWhen', params: { stage: 's', when: 'outputs.ok == true' } })).toBe('outputs.ok == true');
    expect(guardLabel({ type: 'stageFailed', params: { stage: 's' } })).toBe('failed');
    expect(guardLabel({ type: 'groupFailed', params: { stage: 's' } })).toBe('failed');
    expect(guardLabel({ type: 'visitsExhausted', params: { stage: 's', max: 3 } })).toBe('max_visits 3');
    expect(guardLabel({ type: 'conditionFalse', params: { stage: 's', expr: 'x' } })).toBe('if false');
    expect(guardLabel({ type: 'custom' })).toBe('custom');
    expect(guardLabel('named')).toBe('named');
  });
});
