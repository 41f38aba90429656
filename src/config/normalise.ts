// The schema-valid pipeline document -> the model Pipeline of src/model/pipeline.ts.
import type { Input, PipelineDocument } from '../model/generated/pipeline-document.js';
import type { InputSpec, Pipeline, RetryPolicy, Stage } from '../model/index.js';
import { durationMs } from './durations.js';
import { normaliseRetry, normaliseStage, stringValues, type StageEntry } from './normalise-stage.js';
import type { Problem, SourceMap } from './positions.js';

export type { StageEntry } from './normalise-stage.js';

export interface NormalisedPipeline {
  pipeline: Pipeline;
  /** Every stage (branches too) with its document and path, in declaration order. */
  entries: StageEntry[];
  /** Values the schema cannot judge (e.g. a duration longer than 24 days). */
  problems: Problem[];
}

/** Builds the model pipeline; `file` is the absolute path it was read from. */
export function normalisePipeline(doc: PipelineDocument, file: string, map: SourceMap): NormalisedPipeline {
  const problems: Problem[] = [];
  const entries: StageEntry[] = [];
  const ctx = { problems };
  const defaultRetry: RetryPolicy | undefined = doc.defaults?.retry && normaliseRetry(doc.defaults.retry, ['defaults', 'retry'], ctx);
  const timeoutMs = durationMs(doc.defaults?.timeout, ['defaults', 'timeout'], ctx);
  const idleTimeoutMs = durationMs(doc.defaults?.idle_timeout, ['defaults', 'idle_timeout'], ctx);
  const ids = Object.keys(doc.stages);
  const stages: Stage[] = [];
  ids.forEach((id, index) => {
    const stageDoc = doc.stages[id];
    // `uses` stages were expanded by reuse.ts before normalisation.
    if (stageDoc && !('uses' in stageDoc)) stages.push(normaliseStage(id, stageDoc, ids[index + 1] ?? 'end', { map, problems, defaultRetry, entries }));
  });
  const pipeline: Pipeline = {
    version: 1,
    name: doc.name,
    file,
    inputs: normaliseInputs(doc.inputs ?? {}),
    env: stringValues(doc.env),
    defaults: {
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
      ...(defaultRetry === undefined ? {} : { retry: defaultRetry }),
    },
    watch: doc.watch ?? [],
    secrets: doc.secrets ?? [],
    stages,
  };
  if (doc.description !== undefined) pipeline.description = doc.description;
  return { pipeline, entries, problems };
}

function normaliseInputs(inputs: Record<string, Input | undefined>): Record<string, InputSpec> {
  const out: Record<string, InputSpec> = {};
  for (const [name, input] of Object.entries(inputs)) {
    if (!input) continue;
    const spec: InputSpec = { type: input.type, required: input.default === undefined };
    if (input.description !== undefined) spec.description = input.description;
    if (input.enum !== undefined) spec.enum = input.enum;
    if (input.default !== undefined) spec.default = input.default;
    out[name] = spec;
  }
  return out;
}
