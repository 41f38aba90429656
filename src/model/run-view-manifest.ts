// The manifest is a projection of the run view: its stage records are the view's stages minus
// the fields only a view keeps, its run fields are the view's. (The XState snapshot, which no
// event carries, is added by whoever writes the manifest.)
import type { RunView, StageView } from './run-view.js';
import type { RunManifest, StageRecord } from './run.js';

/** A stage's manifest record: the view's stage without the view-only fields. */
export function stageRecordOf(stage: StageView): StageRecord {
  const { id: _id, kind: _kind, parent: _parent, started_at: _started, finished_at: _finished, total_ms: _total, run_reason: _why, ...rest } = stage;
  const {
    runtime_version: _version,
    tail: _tail,
    retry: _retry,
    gate: _gate,
    continues_visit: _continues,
    visit_retries: _retries,
    skip_reason: _skip,
    last_seq: _seq,
    placement: _placement,
    ...record
  } = rest;
  return { ...record, outputs: { ...record.outputs }, ...(record.usage ? { usage: { ...record.usage } } : {}) };
}

/** Copies the view's run-level fields into `manifest` (identity, status, usage, journal position). */
export function projectRunFields(view: RunView, manifest: RunManifest): void {
  if (view.run_id !== null) {
    if (view.pipeline) manifest.pipeline = { ...view.pipeline };
    manifest.inputs = { ...view.inputs };
    manifest.parent_run = view.parent_run;
    if (view.parent_stage !== null) manifest.parent_stage = view.parent_stage;
  }
  if (view.status !== null) {
    manifest.status = view.status;
    manifest.status_reason = view.status_reason;
    manifest.finished_at = view.finished_at;
  }
  manifest.usage = { ...view.usage };
  if (Object.keys(view.usage_by_runtime).length > 0) manifest.usage_by_runtime = structuredClone(view.usage_by_runtime);
  if (view.updated_at !== null) {
    manifest.updated_at = view.updated_at;
    if (view.updated_at > manifest.heartbeat_at) manifest.heartbeat_at = view.updated_at;
  }
  if (view.last_seq > 0) manifest.journal_seq = view.last_seq;
}

/** Projects the whole view into `manifest` in place (every stage record, then the run fields). */
export function projectRunView(view: RunView, manifest: RunManifest): RunManifest {
  for (const stage of Object.values(view.stages)) manifest.stages[stage.id] = stageRecordOf(stage);
  projectRunFields(view, manifest);
  return manifest;
}
