// Journals a gate decision for a run no process is running: takes the run's lock, appends
// `gate.decided` (or finishes the run needs_review for a timeout that says so), releases it.
import { gateDecidedDraft } from '../model/index.js';
import { currentManifest } from './current-manifest.js';
import type { DecisionRecord } from './decisions.js';
import type { RunPaths } from './paths.js';
import { RunRecorder } from './recorder.js';
import { lockAndRead, rebuildRecord } from './reopen-run.js';

/** Journals a decision for a run nobody is running (takes and releases its lock); a decision already journalled is not repeated. */
export function journalOnly(paths: RunPaths, gate: { stage: string; attempt: number }, record: DecisionRecord, xstateVersion: string): void {
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
  const { journal, manifest, view } = rebuildRecord(paths, reopened, stageIds, xstateVersion);
  const recorder = new RunRecorder(paths, { lock: reopened.lock, journal, manifest, listeners: [], view });
  if (record.decision === 'needs_review') {
    recorder.finish('needs_review', `approval of stage \`${gate.stage}\` timed out (on_timeout: needs_review)`);
    return;
  }
  recorder.emit(gateDecidedDraft(gate.stage, gate.attempt, { ...record, decision: record.decision }));
  recorder.pause();
}
