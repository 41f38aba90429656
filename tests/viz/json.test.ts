// renderJson and renderMachine: a stable { nodes, edges } graph, and format dispatch.
import { describe, expect, it } from 'vitest';
import { compilePipeline } from '../../src/compile/index.js';
import { renderDot, renderJson, renderMachine, renderMermaid, VIZ_FORMATS } from '../../src/viz/index.js';
import { agentLoop } from '../compile/builders.js';

interface GraphJson {
  id: string;
  initial: string;
  nodes: Array<Record<string, unknown>>;
  edges: Array<{ from: string; to: string; trigger: string; label: string; guard?: unknown }>;
}

describe('renderJson', () => {
  const { machine } = compilePipeline(agentLoop());

  it('lists every state as a node, parents first, with its stage kind and label', () => {
    const graph = JSON.parse(renderJson(machine)) as GraphJson;
    expect(graph.id).toBe('agent-loop');
    expect(graph.initial).toBe('interview');
    expect(graph.nodes.map((n) => n.id)).toEqual(['interview', 'execute', 'evaluate', 'evaluate.enter', 'evaluate.run', 'reflect', 'succeeded', 'failed', 'needs_review']);
    expect(graph.nodes[2]).toEqual({
      id: 'evaluate',
      key: 'evaluate',
      parent: null,
      type: 'compound',
      initial: 'evaluate.enter',
      kind: 'agent',
      label: 'agent: evaluate',
    });
    expect(graph.nodes[3]).toEqual({ id: 'evaluate.enter', key: 'enter', parent: 'evaluate', type: 'atomic' });
    expect(graph.nodes[6]).toEqual({ id: 'succeeded', key: 'succeeded', parent: null, type: 'final' });
  });

  it('lists one edge per transition, labelled by its guard or trigger', () => {
    const graph = JSON.parse(renderJson(machine)) as GraphJson;
    const fromEvaluate = graph.edges.filter((e) => e.from.startsWith('evaluate'));
    expect(fromEvaluate.map(({ from, to, trigger, label }) => [from, to, trigger, label])).toEqual([
      ['evaluate.enter', 'needs_review', 'always', 'max_visits 3'],
      ['evaluate.enter', 'evaluate.run', 'always', ''],
      ['evaluate.run', 'failed', 'done', 'failed'],
      ['evaluate.run', 'execute', 'done', "outputs.signal == 'fail'"],
      ['evaluate.run', 'reflect', 'done', 'done'],
      ['evaluate.run', 'failed', 'error', 'error'],
    ]);
    expect(fromEvaluate[3].guard).toEqual({ type: 'routeWhen', params: { stage: 'evaluate', when: "outputs.signal == 'fail'" } });
  });

  it('adds status, attempts and current from a run overlay', () => {
    const overlay = { stages: { evaluate: { status: 'running', attempts: 2 }, run: { status: 'failed' } }, current: ['evaluate'] };
    const graph = JSON.parse(renderJson(machine, overlay)) as GraphJson;
    expect(graph.nodes[2]).toMatchObject({ id: 'evaluate', status: 'running', attempts: 2, current: true });
    // `run` is an inner state, not a stage: the overlay does not apply to it.
    expect(graph.nodes[4].status).toBeUndefined();
  });

  it('is stable and ends with a newline', () => {
    const text = renderJson(machine);
    expect(text.endsWith('}\n')).toBe(true);
    expect(renderJson(compilePipeline(agentLoop()).machine)).toBe(text);
  });
});

describe('renderMachine', () => {
  it('dispatches on the format', () => {
    const { machine } = compilePipeline(agentLoop());
    expect(VIZ_FORMATS).toEqual(['mermaid', 'dot', 'json']);
    expect(renderMachine('mermaid', machine)).toBe(renderMermaid(machine));
    expect(renderMachine('dot', machine)).toBe(renderDot(machine));
    expect(renderMachine('json', machine)).toBe(renderJson(machine));
  });
});
