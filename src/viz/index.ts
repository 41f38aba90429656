// viz/: draws a compiled machine (and optionally a run over it) as mermaid, dot or JSON.
import type { MachineJson } from '../compile/machine-json.js';
import { renderDot } from './dot.js';
import { renderJson } from './json.js';
import { renderMermaid } from './mermaid.js';
import type { RunOverlay } from './overlay.js';

/** The formats `flowstate viz --format` accepts. */
export type VizFormat = 'mermaid' | 'dot' | 'json';
export const VIZ_FORMATS: readonly VizFormat[] = ['mermaid', 'dot', 'json'];

/** Renders a machine in the given format, optionally with a run's stage statuses over it. */
export function renderMachine(format: VizFormat, machine: MachineJson, overlay?: RunOverlay): string {
  switch (format) {
    case 'mermaid':
      return renderMermaid(machine, overlay);
    case 'dot':
      return renderDot(machine, overlay);
    case 'json':
      return renderJson(machine, overlay);
  }
}

export { renderDot, dotString } from './dot.js';
export { renderJson } from './json.js';
export { renderMermaid } from './mermaid.js';
export { mermaidText } from './mermaid-ids.js';
export { buildGraph, type VizEdge, type VizGraph, type VizNode } from './graph.js';
export { guardLabel } from './labels.js';
export { STATUS_COLOURS, overlayOf, type OverlayStage, type RunOverlay } from './overlay.js';
