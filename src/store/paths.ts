// Where a run's files live (DESIGN §4). Every id is checked before it touches the file system.
import path from 'node:path';
import { UsageError } from '../errors/index.js';
import { checkId } from './ids.js';

/** Absolute paths of one run's files. */
export interface RunPaths {
  /** `<runsDir>/<pipeline>/<run-id>` */
  dir: string;
  /** `manifest.json`: current state, rewritten atomically. */
  manifest: string;
  /** `events.jsonl`: the append-only journal. */
  journal: string;
  /** `logs/`: one `<stage>.<attempt>.log` per attempt. */
  logs: string;
  /** `lock`: held by the live owner process. */
  lock: string;
  /** `outputs/`: the directory for FLOWSTATE_OUTPUT files. */
  outputs: string;
  /** `decisions/`: one `<stage>.<attempt>.json` per decided approval gate. */
  decisions: string;
}

/** Name of the directory under runsDir holding caches; never a pipeline name (leading '.'). */
export const CACHE_DIR_NAME = '.cache';

function assertInside(root: string, target: string): string {
  const rel = path.relative(root, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new UsageError(`path ${JSON.stringify(target)} escapes the runs directory ${root}`);
  }
  return target;
}

/** The paths of run `runId` of `pipeline` under `runsDir` (ids validated, result absolute). */
export function runPaths(runsDir: string, pipeline: string, runId: string): RunPaths {
  const root = path.resolve(runsDir);
  return runPathsAt(assertInside(root, path.join(root, checkId(pipeline, 'pipeline'), checkId(runId, 'run'))));
}

/** The paths of the run files inside an (already checked) absolute run directory. */
export function runPathsAt(dir: string): RunPaths {
  return {
    dir,
    manifest: path.join(dir, 'manifest.json'),
    journal: path.join(dir, 'events.jsonl'),
    logs: path.join(dir, 'logs'),
    lock: path.join(dir, 'lock'),
    outputs: path.join(dir, 'outputs'),
    decisions: path.join(dir, 'decisions'),
  };
}

/** The directory holding every run of `pipeline`. */
export function pipelineRunsDir(runsDir: string, pipeline: string): string {
  const root = path.resolve(runsDir);
  return assertInside(root, path.join(root, checkId(pipeline, 'pipeline')));
}

/** A stage attempt's log, relative to the run dir: `logs/<stage>.<attempt>.log`. */
export function logRelPath(stage: string, attempt: number): string {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new UsageError(`invalid attempt ${attempt} for stage ${stage}: expected an integer >= 1`);
  }
  return `logs/${checkId(stage, 'stage')}.${attempt}.log`;
}

/** A stage attempt's log, absolute. */
export function logPath(paths: RunPaths, stage: string, attempt: number): string {
  return path.join(paths.dir, logRelPath(stage, attempt));
}

/** A stage attempt's FLOWSTATE_OUTPUT file: `outputs/<stage>.<attempt>`. */
export function outputPath(paths: RunPaths, stage: string, attempt: number): string {
  return path.join(paths.outputs, path.basename(logRelPath(stage, attempt), '.log'));
}

/** The fingerprint cache file of a stage: `<runsDir>/.cache/<pipeline>/<stage>.json`. */
export function cachePath(runsDir: string, pipeline: string, stage: string): string {
  const root = path.resolve(runsDir);
  const file = path.join(root, CACHE_DIR_NAME, checkId(pipeline, 'pipeline'), `${checkId(stage, 'stage')}.json`);
  return assertInside(root, file);
}
