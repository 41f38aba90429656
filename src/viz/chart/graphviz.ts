// Graphviz compiled to WebAssembly (@viz-js/viz): DOT in, SVG out, no system `dot`. The module
// (1 MB) is loaded on first use only, so commands that draw nothing never pay for it.
import type { Viz } from '@viz-js/viz';

let loading: Promise<Viz> | undefined;

/** The shared Graphviz instance, created on first use. */
function graphviz(): Promise<Viz> {
  loading ??= import('@viz-js/viz').then((module) => module.instance());
  return loading;
}

/** Lays out DOT with Graphviz `dot` and returns the SVG document (deterministic for the same input). */
export async function layoutSvg(dot: string): Promise<string> {
  const viz = await graphviz();
  const result = viz.render(dot, { format: 'svg', engine: 'dot' });
  if (result.status !== 'success') {
    const detail = result.errors.map((e) => e.message.trim()).join('; ');
    throw new Error(`Graphviz could not lay out the chart: ${detail}`, { cause: result.errors });
  }
  return result.output;
}
