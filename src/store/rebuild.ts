// Recreating the manifest from the journal. The journal is the durable per-stage record;
// the manifest is a materialised view of it (plus the XState snapshot, which events do not
// carry: it is kept from `base`).
import { rejectionReason, type JournalEvent, type RunManifest, type RunStatus, type StageRecord, type StageStatus, type Usage } from '../model/index.js';
import { pendingStageRecord } from './manifest.js';

function addUsage(total: Usage, more: Usage): Usage {
  const sum: Usage = {
    input_tokens: total.input_tokens + more.input_tokens,
    output_tokens: total.output_tokens + more.output_tokens,
  };
  if (total.cost_usd !== undefined || more.cost_usd !== undefined) {
    sum.cost_usd = (total.cost_usd ?? 0) + (more.cost_usd ?? 0);
  }
  return sum;
}

/** Adds usage to the run's per-runtime totals (own keys only: runtime ids are user-chosen). */
function addRuntimeUsage(m: RunManifest, runtimeId: string, more: Usage): void {
  const totals = m.usage_by_runtime ?? {};
  const current = (Object.hasOwn(totals, runtimeId) ? totals[runtimeId] : undefined) ?? { input_tokens: 0, output_tokens: 0 };
  totals[runtimeId] = addUsage(current, more);
  m.usage_by_runtime = totals;
}

/** Replay state that is not in the manifest: which stage starts continue the same visit. */
interface ReplayState {
  manifest: RunManifest;
  /** Stages whose next stage.started is a retry or a re-run after resume, not a new visit. */
  sameVisit: Set<string>;
  /** Why each stage last ran (stage.started `run_reason`): the reason of a stage that succeeded. */
  runReasons: Map<string, string>;
}

function stageOf(state: ReplayState, id: string): StageRecord {
  state.manifest.stages[id] ??= pendingStageRecord();
  return state.manifest.stages[id];
}

function countVisit(state: ReplayState, record: StageRecord, stage: string, visit: number | undefined): void {
  if (visit !== undefined) record.visits = Math.max(record.visits, visit);
  else if (!state.sameVisit.has(stage)) record.visits++;
  state.sameVisit.delete(stage);
}

function setRunStatus(m: RunManifest, status: RunStatus, reason: string | null, finishedAt: string | null): void {
  m.status = status;
  m.status_reason = reason;
  m.finished_at = finishedAt;
}

function applyRunEvent(state: ReplayState, event: JournalEvent): void {
  const m = state.manifest;
  if (event.type === 'run.started') {
    m.pipeline = { ...event.pipeline };
    m.inputs = { ...event.inputs };
    m.parent_run = event.parent_run;
    if (event.parent_stage !== undefined) m.parent_stage = event.parent_stage;
    setRunStatus(m, 'running', null, null);
  } else if (event.type === 'run.resumed') {
    // Stages in flight when the previous owner died are re-run within the same visit.
    for (const [id, record] of Object.entries(m.stages)) {
      const interrupted = record.status === 'cancelled' && record.reason === 'interrupted';
      if (record.status === 'running' || record.status === 'awaiting_approval' || interrupted) state.sameVisit.add(id);
    }
    setRunStatus(m, 'running', null, null);
  } else if (event.type === 'run.finished') {
    setRunStatus(m, event.status, event.reason, event.ts);
  } else if (event.type === 'gate.waiting') {
    if (m.status === 'running') m.status = 'awaiting_approval';
  } else if (event.type === 'gate.decided') {
    if (m.status === 'awaiting_approval') m.status = 'running';
  }
}

function setOutcome(record: StageRecord, status: StageStatus, reason: string | null): void {
  record.status = status;
  record.reason = reason;
}

function applyStageEvent(state: ReplayState, event: JournalEvent): void {
  if (!('stage' in event)) return;
  const record = stageOf(state, event.stage);
  // A gate names the attempt it guards, which has not been made yet.
  if (event.type !== 'gate.waiting' && event.type !== 'gate.decided') record.attempts = Math.max(record.attempts, event.attempt);
  switch (event.type) {
    case 'stage.started':
      countVisit(state, record, event.stage, event.visit);
      if (event.run_reason) state.runReasons.set(event.stage, event.run_reason);
      setOutcome(record, 'running', state.runReasons.get(event.stage) ?? null);
      record.runtime_id = event.runtime_id;
      delete record.reused_from;
      if (event.child_run !== undefined) record.child_run = event.child_run;
      record.exit_code = null;
      record.signal = null;
      record.duration_ms = null;
      break;
    case 'stage.finished':
      setOutcome(record, event.status, event.reason ?? (event.status === 'succeeded' ? (state.runReasons.get(event.stage) ?? null) : null));
      record.exit_code = event.exit_code;
      record.signal = event.signal;
      record.duration_ms = event.duration_ms;
      record.outputs = { ...event.outputs };
      record.log = event.log;
      if (event.usage) {
        record.usage = addUsage(record.usage ?? { input_tokens: 0, output_tokens: 0 }, event.usage);
        state.manifest.usage = addUsage(state.manifest.usage, event.usage);
        if (record.runtime_id !== null) addRuntimeUsage(state.manifest, record.runtime_id, event.usage);
      }
      break;
    case 'stage.skipped':
      if (event.visit !== undefined) record.visits = Math.max(record.visits, event.visit);
      state.runReasons.delete(event.stage);
      if (event.reused_from !== undefined) {
        setOutcome(record, 'succeeded', event.detail ? `${event.reason}: ${event.detail}` : event.reason);
        record.outputs = { ...event.outputs };
        record.reused_from = event.reused_from;
      } else setOutcome(record, 'skipped', event.detail ? `${event.reason}: ${event.detail}` : event.reason);
      break;
    case 'stage.retrying':
      state.sameVisit.add(event.stage);
      break;
    case 'gate.waiting':
      countVisit(state, record, event.stage, undefined); // the gate is where the visit begins
      setOutcome(record, 'awaiting_approval', event.message);
      break;
    case 'gate.decided':
      if (event.decision === 'approved') setOutcome(record, 'pending', null);
      else setOutcome(record, 'failed', rejectionReason(event.by, event.comment));
      state.sameVisit.add(event.stage); // the stage then runs within the visit that waited
      break;
  }
}

/** Folds events into a manifest in place, one at a time (the live run's manifest). */
export class ManifestReplay {
  private readonly state: ReplayState;

  constructor(manifest: RunManifest) {
    this.state = { manifest, sameVisit: new Set(), runReasons: new Map() };
  }

  /** Applies one event to the manifest this replay was created with. */
  apply(event: JournalEvent): void {
    applyRunEvent(this.state, event);
    applyStageEvent(this.state, event);
    this.state.manifest.updated_at = event.ts;
    this.state.manifest.journal_seq = event.seq;
    if (event.ts > this.state.manifest.heartbeat_at) this.state.manifest.heartbeat_at = event.ts;
  }
}

/**
 * Applies journal events to a copy of `base` (pure): stage statuses, attempts, visits,
 * outputs, exit codes, durations, usage totals and the run status. Usage is summed from the
 * events, so pass a base whose usage counts none of them (e.g. a new manifest).
 */
export function rebuildManifestFromJournal(events: readonly JournalEvent[], base: RunManifest): RunManifest {
  const manifest = structuredClone(base);
  const replay = new ManifestReplay(manifest);
  for (const event of events) replay.apply(event);
  return manifest;
}
