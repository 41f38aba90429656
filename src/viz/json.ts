// JSON rendering: a stable { nodes, edges } graph for tools and the dashboard.
import type { MachineJson } from '../compile/machine-json.js';
import { buildGraph, type VizNode } from './graph.js';
import { isCurrent, stageRecord, type RunOverlay } from './overlay.js';

function nodeJson(node: VizNode, overlay: RunOverlay | undefined): Record<string, unknown> {
  const record = stageRecord(node, overlay);
  return {
    id: node.id,
    key: node.key,
    parent: node.parentId,
    type: node.type,
    initial: node.initialId,
    kind: node.meta?.kind,
    label: node.meta?.label,
    description: node.description,
    status: record?.status,
    attempts: record?.attempts,
    expired: record?.expired,
    current: isCurrent(node, overlay) ? true : undefined,
  };
}

/** The machine as `{ id, initial, nodes, edges }` JSON (2-space indented, stable order). */
export function renderJson(machine: MachineJson, overlay?: RunOverlay): string {
  const graph = buildGraph(machine);
  const document = {
    id: graph.machineId,
    initial: graph.initialId,
    nodes: graph.nodes.map((node) => nodeJson(node, overlay)),
    edges: graph.edges.map((edge) => ({
      from: edge.from,
      to: edge.to,
      trigger: edge.trigger.kind === 'event' ? `event:${edge.trigger.event}` : edge.trigger.kind,
      label: edge.label,
      guard: edge.guard,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
