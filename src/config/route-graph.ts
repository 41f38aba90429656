// Whole-graph checks of the routes between top-level stages: every cycle must pass through a
// stage with `max_visits` (or a run could loop forever), and every stage should be reachable.
import type { Stage } from '../model/index.js';
import type { CheckContext } from './check-context.js';
import type { Problem } from './positions.js';

/** Stage id -> ids it can go to next (routes, the default route, and `on_failure`). */
export function routeGraph(stages: readonly Stage[]): Map<string, string[]> {
  const ids = new Set(stages.map((s) => s.id));
  const graph = new Map<string, string[]>();
  for (const stage of stages) {
    const targets = stage.next.map((route) => route.to);
    if (ids.has(stage.onFailure)) targets.push(stage.onFailure);
    graph.set(stage.id, [...new Set(targets.filter((t) => ids.has(t)))]);
  }
  return graph;
}

/** One problem per loop that has no stage with `max_visits`, named like `a -> b -> a`. */
export function checkCycles(ctx: CheckContext, graph = routeGraph(ctx.pipeline.stages)): Problem[] {
  const guarded = new Set(ctx.pipeline.stages.filter((s) => s.maxVisits !== undefined).map((s) => s.id));
  const unguarded = new Map([...graph].filter(([id]) => !guarded.has(id)).map(([id, to]) => [id, to.filter((t) => !guarded.has(t))]));
  const order = ctx.pipeline.stages.map((s) => s.id);
  const problems: Problem[] = [];
  for (const component of stronglyConnected(unguarded, order)) {
    const start = order.find((id) => component.has(id));
    if (start === undefined) continue;
    const cycle = shortestCycle(unguarded, component, start);
    if (!cycle) continue;
    // A cycle is `start -> ... -> start`: at least two entries; the closer is the one before the return.
    const closer = cycle.at(-2) ?? start;
    problems.push({
      path: ['stages', closer],
      at: 'key',
      message: `cycle ${cycle.join(' -> ')} has no stage with \`max_visits\`; add \`max_visits\` to one of its stages to bound the loop`,
    });
  }
  return problems;
}

/** Warnings for stages that no route from the first stage reaches. */
export function checkReachability(ctx: CheckContext, graph = routeGraph(ctx.pipeline.stages)): Problem[] {
  const stages = ctx.pipeline.stages;
  const [first] = stages;
  if (!first) return [];
  const reached = new Set([first.id]);
  const queue = [first.id];
  // for-of over an array sees what is pushed while iterating: a breadth-first walk.
  for (const node of queue) {
    for (const next of graph.get(node) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  return stages
    .filter((s) => !reached.has(s.id))
    .map((s) => ({
      path: ['stages', s.id],
      at: 'key' as const,
      severity: 'warning' as const,
      message: `stage \`${s.id}\` is unreachable: no route leads to it from the first stage`,
    }));
}

/** Components (Tarjan, iterative) that contain a cycle: several nodes, or one with a self-loop. */
function stronglyConnected(graph: Map<string, string[]>, order: readonly string[]): Set<string>[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: Set<string>[] = [];
  let counter = 0;
  for (const root of order) {
    if (!graph.has(root) || index.has(root)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    for (let frame = work.at(-1); frame !== undefined; frame = work.at(-1)) {
      const edges = graph.get(frame.node) ?? [];
      const to = edges[frame.next];
      if (to !== undefined) {
        frame.next++;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(to) as number));
        }
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = new Set<string>();
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.add(member);
        } while (member !== frame.node);
        const selfLoop = (graph.get(frame.node) ?? []).includes(frame.node);
        if (component.size > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components;
}

/** The shortest path start -> … -> start inside a component (breadth first). */
function shortestCycle(graph: Map<string, string[]>, component: Set<string>, start: string): string[] | undefined {
  const previous = new Map<string, string>();
  const queue = [start];
  const seen = new Set<string>();
  for (const node of queue) {
    for (const to of graph.get(node) ?? []) {
      if (!component.has(to)) continue;
      if (to === start) return [...pathTo(previous, node, start), start];
      if (!seen.has(to)) {
        seen.add(to);
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return undefined;
}

function pathTo(previous: Map<string, string>, node: string, start: string): string[] {
  const path = [node];
  // Every node but start was reached from the one recorded in `previous`.
  for (let at = node; at !== start; path.unshift(at)) at = previous.get(at) as string;
  return path;
}
