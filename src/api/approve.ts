// approve / reject: decide a waiting gate from any process. A live run picks the decision up
// (it watches its run dir); otherwise the decision is journalled and, by default, resumes the run.
import { userInfo } from 'node:os';
import { ConflictError, UsageError } from '../errors/index.js';
import { foldRunView, gateDecidedDraft, gatesAwaitingDecision, type GateView } from '../model/index.js';
import { isLockLive, readJournal, readLock, currentManifest, type RunPaths } from '../store/index.js';
import { currentDecision, writeDecision, type DecisionRecord } from './decisions.js';
import { locateRun, type RunSelector } from './inspect.js';
import { RunRecorder } from './recorder.js';
import { lockAndRead, rebuildRecord } from './reopen-run.js';
import { resumeRun, type ResumeOptions } from './resume-run.js';
import type { RunResult } from './run-pipeline.js';

export interface DecideOptions extends RunSelector, Omit<ResumeOptions, keyof RunSelector> {
  decision: 'approved' | 'rejected';
  stage?: string;
  comment?: string;
  by?: string;
  /** false: only record the decision, do not continue the run. */
  resume?: boolean;
}

export interface DecideResult {
  run_id: string;
  stage: string;
  decision: DecisionRecord;
  /** Who carries on: the live run, this call (resumed), or nobody yet (recorded only). */
  applied: 'live_run' | 'resumed' | 'recorded';
  run?: RunResult;
}

/** Records a decision for the run's waiting gate and gets the run moving again. */
export async function decideGate(options: DecideOptions): Promise<DecideResult> {
  const paths = locateRun(options);
  const gate = pickGate(paths, options.stage);
  const runId = paths.dir.split('/').pop() as string;
  const expired = currentDecision(paths, gateRequestOf(gate));
  if (expired) {
    // A timeout that expired while nobody ran is applied by this explicit decision (readers only show it).
    if (expired.by === 'timeout' && !ownerAlive(paths)) journalTimeout(paths, gate, expired);
    // A loser never takes the run lock: the winner (or the next resume or status) journals the
    // decision, so concurrent deciders cannot fail each other on the lock.
    throw new ConflictError(
      `stage \`${gate.stage}\` of run ${runId} was already decided: ${expired.decision} by ${expired.by ?? 'someone'}` +
        `${expired.comment ? ` (${expired.comment})` : ''}; nothing changed${ownerAlive(paths) ? '' : ` (continue with \`flowstate resume ${runId}\`)`}`,
    );
  }
  const record: DecisionRecord = { decision: options.decision, by: options.by ?? userInfo().username, comment: options.comment ?? null, at: new Date().toISOString() };
  const { won, standing } = writeDecision(paths, gate.stage, gate.attempt, record);
  if (!won) throw new ConflictError(`stage \`${gate.stage}\` of run ${runId} was already ${standing.decision} by ${standing.by ?? 'someone'}; nothing changed`);
  if (ownerAlive(paths)) return { run_id: runId, stage: gate.stage, decision: record, applied: 'live_run' };
  if (options.resume === false) {
    journalOnly(paths, gate, record);
    return { run_id: runId, stage: gate.stage, decision: record, applied: 'recorded' };
  }
  const run = await resumeRun({ ...options, run: runId, last: false });
  return { run_id: runId, stage: gate.stage, decision: record, applied: 'resumed', run };
}

/** The gate to decide: the named stage, or the only waiting one. */
function pickGate(paths: RunPaths, stage: string | undefined): GateView {
  const { events } = readJournal(paths.journal);
  const finished = [...events].reverse().find((e) => e.type === 'run.finished');
  const runId = events[0]?.run_id ?? paths.dir;
  const gates = gatesAwaitingDecision(foldRunView(events));
  const decided = [...events].reverse().find((e) => e.type === 'gate.decided' && (stage === undefined || e.stage === stage));
  // Someone else decided first (perhaps a concurrent approve that has already finished the run): a conflict, exit 5.
  if (decided?.type === 'gate.decided' && !gates.some((g) => g.stage === decided.stage)) {
    const since = finished?.type === 'run.finished' ? `; the run has since ended ${finished.status}` : '';
    throw new ConflictError(`stage \`${decided.stage}\` of run ${runId} was already decided: ${decided.decision} by ${decided.by ?? 'someone'}${since}; nothing changed`);
  }
  if (finished?.type === 'run.finished') throw new UsageError(`run ${runId} already ended ${finished.status}; there is nothing to approve or reject`);
  if (stage !== undefined) {
    const gate = gates.find((g) => g.stage === stage);
    if (gate) return gate;
    const status = stageStatus(paths, stage);
    throw new UsageError(`stage \`${stage}\` of run ${runId} is not waiting for approval${status ? ` (it is ${status})` : ''}`);
  }
  if (gates.length === 1) return gates[0];
  if (gates.length === 0) throw new UsageError(`run ${runId} has no stage waiting for approval`);
  throw new UsageError(`run ${runId} has several stages waiting (${gates.map((g) => g.stage).join(', ')}): name one`);
}

/** A stage's status in the manifest, if readable. */
function stageStatus(paths: RunPaths, stage: string): string | undefined {
  try {
    return currentManifest(paths).stages[stage]?.status;
  } catch {
    return undefined;
  }
}

/** What the decision files need to know about a gate (its timeout in epoch ms). */
function gateRequestOf(gate: GateView): { stage: string; attempt: number; onTimeout: GateView['on_timeout']; timeoutAt: number | null } {
  return { stage: gate.stage, attempt: gate.attempt, onTimeout: gate.on_timeout, timeoutAt: gate.timeout_at === null ? null : Date.parse(gate.timeout_at) };
}

/** Journals a timeout decision unless another process holds the run right now (it then records it itself). */
function journalTimeout(paths: RunPaths, gate: GateView, record: DecisionRecord): void {
  try {
    journalOnly(paths, gate, record);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}

/** True when a live process owns the run. */
function ownerAlive(paths: RunPaths): boolean {
  const lock = readLock(paths);
  return lock !== null && isLockLive(lock);
}

/** Journals a decision for a run nobody is running (takes and releases its lock); a decision already journalled is not repeated. */
export function journalOnly(paths: RunPaths, gate: GateView, record: DecisionRecord): void {
  const reopened = lockAndRead(paths);
  if (reopened.events.some((e) => e.type === 'gate.decided' && e.stage === gate.stage && e.attempt === gate.attempt)) {
    reopened.lock.release();
    return;
  }
  let stageIds: string[] = [];
  try {
    stageIds = Object.keys(currentManifest(paths).stages);
  } catch {
    stageIds = [];
  }
  const { journal, manifest, view } = rebuildRecord(paths, reopened, stageIds);
  const recorder = new RunRecorder(paths, { lock: reopened.lock, journal, manifest, listeners: [], view });
  if (record.decision === 'needs_review') {
    recorder.finish('needs_review', `approval of stage \`${gate.stage}\` timed out (on_timeout: needs_review)`);
    return;
  }
  recorder.emit(gateDecidedDraft(gate.stage, gate.attempt, { ...record, decision: record.decision }));
  recorder.pause();
}
