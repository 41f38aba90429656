// viz --format svg: every pipeline of pipelines/ and every compile golden renders to well-formed
// SVG with one element per state (by id) and one per transition (between the right states).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartInput } from '../../src/api/viz-chart.js';
import { compilePipeline } from '../../src/compile/index.js';
import type { MachineJson } from '../../src/compile/machine-json.js';
import type { Stage } from '../../src/model/pipeline.js';
import { planStagesOf } from '../../src/model/run-plan.js';
import { buildGraph } from '../../src/viz/index.js';
import { anchorOf } from '../../src/viz/dot.js';
import { GRAPHVIZ_MAX_STATES, renderChartSvg } from '../../src/viz/chart/svg.js';
import { agent, parallel, pipeline, shell } from '../compile/builders.js';
import { GOLDEN_CASES } from '../compile/cases.js';
import { REPO } from '../e2e/helpers.js';
import { nastyPipeline } from './nasty.js';
import { allElements, parseXml, type XmlElement } from './xml.js';

const PIPELINES = readdirSync(join(REPO, 'pipelines'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** Checks the SVG against the machine: well-formed, every state and transition drawn once. */
function expectWholeChart(svg: string, machine: MachineJson): XmlElement[] {
  const elements = allElements(parseXml(svg));
  const byId = new Map<string, XmlElement[]>();
  for (const element of elements) if (element.attrs.id) byId.set(element.attrs.id, [...(byId.get(element.attrs.id) ?? []), element]);
  const graph = buildGraph(machine);
  for (const node of graph.nodes) {
    const drawn = byId.get(`state:${node.id}`) ?? [];
    expect(drawn, `state ${node.id}`).toHaveLength(1);
    const kind = node.type === 'compound' || node.type === 'parallel' ? 'cluster' : 'node';
    expect(drawn[0].attrs.class.split(' '), `state ${node.id}`).toContain(kind);
  }
  graph.edges.forEach((edge, index) => {
    const drawn = byId.get(`edge:${index}`) ?? [];
    expect(drawn, `transition ${edge.from} -> ${edge.to}`).toHaveLength(1);
    const title = drawn[0].children.find((c) => c.name === 'title')?.text;
    const from = graph.byId.get(edge.from)!;
    const to = graph.byId.get(edge.to)!;
    expect(title).toBe(`${anchorOf(from)}->${anchorOf(to)}`);
  });
  return elements;
}

/** The texts drawn inside the element with this id. */
function textsOf(elements: XmlElement[], id: string): string[] {
  const element = elements.find((e) => e.attrs.id === id);
  return element
    ? allElements(element)
        .filter((e) => e.name === 'text')
        .map((e) => e.text)
    : [];
}

describe('viz --format svg (static charts)', () => {
  it.each(PIPELINES)('draws pipelines/%s whole, annotated from the plan', async (file) => {
    const input = chartInput({ cwd: REPO, pipeline: `pipelines/${file}` });
    expectWholeChart(await renderChartSvg(input), input.machine);
  });

  it.each(Object.keys(GOLDEN_CASES))('draws the compile golden %s whole', async (name) => {
    const golden = GOLDEN_CASES[name]();
    const machine = compilePipeline(golden.pipeline).machine;
    expectWholeChart(await renderChartSvg({ machine, info: { plan: planStagesOf(golden.pipeline.stages), stages: {} } }), machine);
  });

  it('escapes ids, commands and expressions holding <, >, &, quotes and newlines', async () => {
    const pipeline = nastyPipeline();
    const machine = compilePipeline(pipeline).machine;
    const elements = expectWholeChart(await renderChartSvg({ machine, info: { plan: planStagesOf(pipeline.stages), stages: {} } }), machine);
    expect(textsOf(elements, 'state:state').join('\n')).toContain('<z> 100% &');
  });

  it('shows gates, if, max_visits, retry, on_failure, role and runtime, route labels and distinct terminal states', async () => {
    const approval = expectWholeChart(
      await renderChartSvg(chartInput({ cwd: REPO, pipeline: 'pipelines/approval.yaml' })),
      chartInput({ cwd: REPO, pipeline: 'pipelines/approval.yaml' }).machine,
    );
    expect(textsOf(approval, 'state:ship').join('|')).toMatch(/⏸ approval: Ship \$\{\{ inputs\.version \}\}.*\(1h, on timeout reject\)/);
    expect(textsOf(approval, 'state:ship')).toContain('on_failure → rollback');
    expect(textsOf(approval, 'state:prepare')).toContain('role execute · runtime local');
    const loopInput = chartInput({ cwd: REPO, pipeline: 'pipelines/agent-loop.yaml' });
    const loop = expectWholeChart(await renderChartSvg(loopInput), loopInput.machine);
    expect(textsOf(loop, 'state:evaluate')).toContain('max_visits 3');
    const edgeTexts = loop.filter((e) => e.attrs.id?.startsWith('edge:')).flatMap((e) => textsOf(loop, e.attrs.id));
    expect(edgeTexts).toEqual(expect.arrayContaining(["outputs.signal == 'fail'", 'default', 'on_failure', 'next', 'max_visits 3 exhausted']));
    const build = chartInput({ cwd: REPO, pipeline: 'pipelines/build-test.yaml' });
    expect(textsOf(expectWholeChart(await renderChartSvg(build), build.machine), 'state:test')).toContain('retry ×1');
    // terminal states: a double border, coloured by outcome even without a run
    for (const [id, stroke] of [
      ['succeeded', '#28a745'],
      ['failed', '#dc3545'],
      ['needs_review', '#e8590c'],
    ]) {
      const shapes = allElements(loop.find((e) => e.attrs.id === `state:${id}`)!).filter((e) => e.name === 'path' || e.name === 'polygon');
      expect(shapes, id).toHaveLength(2);
      expect(
        shapes.every((s) => s.attrs.stroke === stroke),
        id,
      ).toBe(true);
    }
    const parallelInput = chartInput({ cwd: REPO, pipeline: 'pipelines/parallel.yaml' });
    const parallel = expectWholeChart(await renderChartSvg(parallelInput), parallelInput.machine);
    expect(parallel.find((e) => e.attrs.id === 'state:checks')?.attrs.class).toBe('cluster state parallel');
  });

  it('falls back to the layered layout past GRAPHVIZ_MAX_STATES, still drawing every state and transition', async () => {
    const stages: Stage[] = Array.from({ length: 150 }, (_, i): Stage =>
      i % 10 === 9
        ? agent(`s${i}`, 'evaluate', { maxVisits: 2, next: [{ when: "outputs.signal == 'fail'", to: `s${i - 5}` }, { to: i + 1 < 150 ? `s${i + 1}` : 'end' }] })
        : shell(`s${i}`, `echo ${i}`),
    );
    stages.splice(20, 0, parallel('group', [shell('left', 'true'), shell('right', 'true')], true));
    const big = pipeline('big', stages);
    const machine = compilePipeline(big).machine;
    expect(buildGraph(machine).nodes.length).toBeGreaterThan(GRAPHVIZ_MAX_STATES);
    const svg = await renderChartSvg({ machine, info: { plan: planStagesOf(big.stages), stages: {} } });
    expect(svg).not.toContain('Generated by graphviz');
    const elements = expectWholeChart(svg, machine);
    expect(textsOf(elements, 'state:s9')).toContain('max_visits 2');
    expect(await renderChartSvg({ machine, info: { plan: planStagesOf(big.stages), stages: {} } })).toBe(svg);
  });

  it('gives the same bytes for the same input', async () => {
    const input = chartInput({ cwd: REPO, pipeline: 'pipelines/parallel.yaml' });
    const first = await renderChartSvg(input);
    expect(await renderChartSvg(chartInput({ cwd: REPO, pipeline: 'pipelines/parallel.yaml' }))).toBe(first);
  });
});
