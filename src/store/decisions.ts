// Approval decisions as files in the run dir (`decisions/<stage>.<attempt>.json`), so any
// process can decide while only the run's owner writes the journal. A decision file is
// created with link(2): atomic and exclusive, so of two deciders exactly one wins.
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GateWaitingEvent } from '../model/index.js';
import type { RunPaths } from './paths.js';

/** What a gate's decision can be: a person's approve/reject, or a timeout's needs_review. */
type GateVerdict = 'approved' | 'rejected' | 'needs_review';

/** A waiting gate as the store sees it: which attempt, and what its deadline does. */
export interface GateDeadline {
  stage: string;
  attempt: number;
  /** Epoch ms when the wait times out, or null. */
  timeoutAt: number | null;
  onTimeout: NonNullable<GateWaitingEvent['on_timeout']>;
}

export interface DecisionRecord {
  decision: GateVerdict;
  by: string | null;
  comment: string | null;
  at: string;
}

const POLL_MS = 100;

/** Where the decision of a stage's gate is written. */
function decisionPath(paths: RunPaths, stage: string, attempt: number): string {
  return join(paths.decisions, `${stage}.${attempt}.json`);
}

/** Reads a decision, or null when none was made (a half-written file cannot exist: see writeDecision). */
function readDecision(paths: RunPaths, stage: string, attempt: number): DecisionRecord | null {
  try {
    return JSON.parse(readFileSync(decisionPath(paths, stage, attempt), 'utf8')) as DecisionRecord;
  } catch {
    return null;
  }
}

/** Records a decision unless one exists; returns the decision that stands (ours or the earlier one). */
export function writeDecision(paths: RunPaths, stage: string, attempt: number, record: DecisionRecord): { won: boolean; standing: DecisionRecord } {
  const file = decisionPath(paths, stage, attempt);
  mkdirSync(paths.decisions, { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, `${JSON.stringify(record)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
    return { won: true, standing: record };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { won: false, standing: readDecision(paths, stage, attempt) as DecisionRecord };
  } finally {
    unlinkSync(tmp);
  }
}

/** The decision a timeout makes. */
function timeoutDecision(request: Pick<GateDeadline, 'onTimeout' | 'timeoutAt'>): DecisionRecord {
  const decision = request.onTimeout === 'approve' ? 'approved' : request.onTimeout === 'reject' ? 'rejected' : 'needs_review';
  const when = request.timeoutAt === null ? 'its deadline' : new Date(request.timeoutAt).toISOString();
  return { decision, by: 'timeout', comment: `no decision before ${when} (on_timeout: ${request.onTimeout})`, at: new Date().toISOString() };
}

/** The decision that stands now: a recorded one, or the timeout's once the deadline passed. */
export function currentDecision(paths: RunPaths, request: GateDeadline): DecisionRecord | null {
  const recorded = readDecision(paths, request.stage, request.attempt);
  if (recorded) return recorded;
  if (request.timeoutAt === null || Date.now() < request.timeoutAt) return null;
  return writeDecision(paths, request.stage, request.attempt, timeoutDecision(request)).standing;
}

/** Waits for a decision (when `wait`), else answers at once; null means none yet (pause). */
export async function awaitDecision(paths: RunPaths, request: GateDeadline & { signal: AbortSignal }, wait: boolean): Promise<DecisionRecord | null> {
  for (;;) {
    const decided = currentDecision(paths, request);
    if (decided) return decided;
    if (!wait || request.signal.aborted) return null;
    try {
      await sleep(POLL_MS, undefined, { signal: request.signal });
    } catch {
      return null;
    }
  }
}
