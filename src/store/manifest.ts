// manifest.json: the run's current state as one JSON document, replaced atomically.
// It is a materialised view of the journal (events.jsonl), which is the durable record;
// see ManifestWriter (may lag by < intervalMs) and rebuildManifestFromJournal.
import fs from 'node:fs';
import os from 'node:os';
import { NotFoundError } from '../errors/index.js';
import { pendingStageRecord, type PipelineRef, type RunManifest, type StageRecord } from '../model/index.js';
import { writeFileAtomic } from './atomic.js';
import { RunStoreError, describeError, errnoCode } from './errors.js';
import type { RunPaths } from './paths.js';
import { validateManifest } from './schema-check.js';

/** Creates the run directory and its logs/ and outputs/ subdirectories. */
export function ensureRunDir(paths: RunPaths): void {
  try {
    fs.mkdirSync(paths.logs, { recursive: true });
    fs.mkdirSync(paths.outputs, { recursive: true });
  } catch (error) {
    throw new RunStoreError(paths.dir, `cannot create run directory ${paths.dir}: ${describeError(error)}`, { cause: error });
  }
}

/** Serialises a manifest (compact JSON: the engine may write it often). */
export function serializeManifest(m: RunManifest): string {
  return JSON.stringify(m);
}

/** Writes the manifest atomically, creating the run directory when needed. */
export function writeManifest(paths: RunPaths, m: RunManifest): void {
  fs.mkdirSync(paths.dir, { recursive: true });
  writeFileAtomic(paths.manifest, serializeManifest(m));
}

/** Reads and validates a run's manifest; NotFoundError when missing, RunStoreError when corrupt. */
export function readManifest(paths: RunPaths): RunManifest {
  let text: string;
  try {
    text = fs.readFileSync(paths.manifest, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      throw new NotFoundError(`no run manifest at ${paths.manifest}`, { cause: error });
    }
    throw new RunStoreError(paths.manifest, `cannot read ${paths.manifest}: ${describeError(error)}`, {
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RunStoreError(paths.manifest, `corrupt manifest ${paths.manifest}: not JSON (${describeError(error)})`, {
      cause: error,
    });
  }
  const problems = validateManifest(value);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    throw new RunStoreError(paths.manifest, `corrupt manifest ${paths.manifest}: ${shown}${more}`);
  }
  return value as RunManifest;
}

/** What a new run's manifest is made from. */
export interface NewManifestOptions {
  runId: string;
  pipeline: PipelineRef;
  /** Every stage id (parallel branches included), in declaration order. */
  stageIds: string[];
  inputs?: Record<string, unknown>;
  parentRun?: string | null;
  /** A nested child run: the parent's `pipeline:` stage. */
  parentStage?: string;
  xstateVersion?: string;
  now?: Date;
}

/** The manifest of a run that is starting: status running, every stage pending. */
export function newManifest(options: NewManifestOptions): RunManifest {
  const now = (options.now ?? new Date()).toISOString();
  const stages: Record<string, StageRecord> = {};
  for (const id of options.stageIds) stages[id] = pendingStageRecord();
  return {
    schema_version: 1,
    run_id: options.runId,
    pipeline: { ...options.pipeline },
    status: 'running',
    status_reason: null,
    inputs: { ...(options.inputs ?? {}) },
    created_at: now,
    updated_at: now,
    finished_at: null,
    heartbeat_at: now,
    pid: process.pid,
    host: os.hostname(),
    parent_run: options.parentRun ?? null,
    ...(options.parentStage !== undefined ? { parent_stage: options.parentStage } : {}),
    stages,
    usage: { input_tokens: 0, output_tokens: 0 },
    machine: { xstate_version: options.xstateVersion ?? '', snapshot: null },
  };
}
