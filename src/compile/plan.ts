// The plan: the top-level stages in declaration order, for listings and dry runs.
import type { Pipeline, StageKind } from '../model/pipeline.js';

/** One top-level stage of the plan; a parallel stage lists its branch ids. */
export interface PlanStep {
  id: string;
  kind: StageKind;
  branches?: string[];
}

/** The plan of a pipeline, in declaration order. */
export function planOf(pipeline: Pipeline): PlanStep[] {
  return pipeline.stages.map((stage) =>
    stage.kind === 'parallel'
      ? { id: stage.id, kind: stage.kind, branches: stage.branches.map((branch) => branch.id) }
      : { id: stage.id, kind: stage.kind },
  );
}
