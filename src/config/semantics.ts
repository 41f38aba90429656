// The rules of DESIGN §2 that a JSON Schema cannot express, run on the normalised pipeline.
import { checkAgents } from './check-agents.js';
import type { CheckContext } from './check-context.js';
import { checkExpressions } from './check-expressions.js';
import { checkStageIds } from './check-ids.js';
import { checkInputs } from './check-inputs.js';
import { checkRoutes } from './check-routes.js';
import { checkServices } from './check-services.js';
import type { Problem } from './positions.js';
import { checkCycles, checkReachability, routeGraph } from './route-graph.js';

export type { CheckContext } from './check-context.js';

/** Every semantic problem (nested pipelines are checked by the loader, which can read them). */
export function checkPipeline(ctx: CheckContext): Problem[] {
  const graphProblems = [...checkStageIds(ctx), ...checkRoutes(ctx)];
  const problems = [...graphProblems, ...checkInputs(ctx), ...checkExpressions(ctx), ...checkAgents(ctx), ...checkServices(ctx)];
  // Loops and reachability are only meaningful on a complete, well-formed route graph.
  if (!ctx.partial && graphProblems.length === 0) {
    const graph = routeGraph(ctx.pipeline.stages); // built once for both checks
    problems.push(...checkCycles(ctx, graph), ...checkReachability(ctx, graph));
  }
  return problems;
}
