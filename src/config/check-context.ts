// What the semantic checks of a pipeline look at.
import type { PipelineDocument } from '../model/generated/pipeline-document.js';
import type { Orchestrator, Pipeline } from '../model/index.js';
import type { StageEntry } from './normalise-stage.js';
import type { SourceMap } from './positions.js';

export interface CheckContext {
  doc: PipelineDocument;
  pipeline: Pipeline;
  entries: StageEntry[];
  map: SourceMap;
  /** Project root: paths inside the pipeline are relative to it. */
  root: string;
  orchestrator?: Orchestrator;
  /** Stages the schema step already reported (replaced by placeholders or dropped). */
  brokenStages: ReadonlySet<string>;
  /** True when schema errors were repaired: whole-graph checks (cycles, reachability) are skipped. */
  partial: boolean;
}

/** Ids of the top-level stages. */
export function topLevelIds(ctx: CheckContext): Set<string> {
  return new Set(ctx.pipeline.stages.map((s) => s.id));
}

/** Branch id -> id of its parallel stage. */
export function branchGroups(ctx: CheckContext): Map<string, string> {
  const groups = new Map<string, string>();
  for (const entry of ctx.entries) if (entry.group !== undefined) groups.set(entry.id, entry.group);
  return groups;
}
