// Finding runs on disk: listing, lookup by id, the latest run, and the effective status.
import fs from 'node:fs';
import path from 'node:path';
import { NotFoundError, UsageError } from '../errors/index.js';
import { editDistance, type RunManifest, type RunStatus } from '../model/index.js';
import { errnoCode } from './errors.js';
import { checkId, idProblem } from './ids.js';
import { lockOwnerState, readLock } from './lock.js';
import { currentManifest } from './current-manifest.js';
import { runPaths, type RunPaths } from './paths.js';

/** One line of `flowstate runs`. */
export interface RunSummary {
  run_id: string;
  pipeline: string;
  status: RunStatus;
  created_at: string;
  finished_at: string | null;
  dir: string;
}

/** The status to show: a `running` run whose owner is gone is `interrupted` (resumable). */
export function effectiveStatus(m: RunManifest, lockLive: boolean): RunStatus {
  return m.status === 'running' && !lockLive ? 'interrupted' : m.status;
}

/** Whether someone may still own the run: its lock's owner is alive or on another host. */
export function runOwnerMayBeAlive(paths: RunPaths): boolean {
  const lock = readLock(paths);
  return lock !== null && lockOwnerState(lock) !== 'dead';
}

function subdirs(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && idProblem(entry.name) === null)
      .map((entry) => entry.name);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return [];
    throw error;
  }
}

/** Every run directory (one that holds a manifest.json or a journal), optionally of one pipeline. */
export function listRunPaths(runsDir: string, pipeline?: string): { pipeline: string; paths: RunPaths }[] {
  const pipelines = pipeline === undefined ? subdirs(runsDir) : [checkId(pipeline, 'pipeline')];
  const out: { pipeline: string; paths: RunPaths }[] = [];
  for (const name of pipelines) {
    for (const runId of subdirs(path.join(runsDir, name))) {
      const paths = runPaths(runsDir, name, runId);
      if (fs.existsSync(paths.manifest) || fs.existsSync(paths.journal)) out.push({ pipeline: name, paths });
    }
  }
  return out;
}

function summarise(pipeline: string, paths: RunPaths): RunSummary | null {
  let manifest: RunManifest;
  try {
    manifest = currentManifest(paths);
  } catch {
    return null; // unreadable runs are left out of listings; `status RUN` reports why
  }
  return {
    run_id: manifest.run_id,
    pipeline,
    status: effectiveStatus(manifest, runOwnerMayBeAlive(paths)),
    created_at: manifest.created_at,
    finished_at: manifest.finished_at,
    dir: paths.dir,
  };
}

function newestFirst(a: { created_at: string; run_id: string }, b: { created_at: string; run_id: string }): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return a.run_id < b.run_id ? 1 : a.run_id > b.run_id ? -1 : 0;
}

/** Summaries of every readable run, newest first. */
export function listRuns(runsDir: string, filter: { pipeline?: string } = {}): RunSummary[] {
  const summaries: RunSummary[] = [];
  for (const { pipeline, paths } of listRunPaths(runsDir, filter.pipeline)) {
    const summary = summarise(pipeline, paths);
    if (summary !== null) summaries.push(summary);
  }
  return summaries.sort(newestFirst);
}

/** The paths of run `runId` in any pipeline; NotFoundError suggesting the closest ids. */
export function findRun(runsDir: string, runId: string): RunPaths {
  checkId(runId, 'run');
  const all = listRunPaths(runsDir);
  const matches = all.filter(({ paths }) => path.basename(paths.dir) === runId);
  const [only, ...others] = matches;
  if (only && others.length === 0) return only.paths;
  if (matches.length > 1) {
    const names = matches.map((m) => m.pipeline).join(', ');
    throw new UsageError(`run id ${runId} is ambiguous: it exists in pipelines ${names}`);
  }
  const suggestions = closestIds(
    runId,
    all.map(({ paths }) => path.basename(paths.dir)),
  );
  const hint = suggestions.length > 0 ? `; closest: ${suggestions.join(', ')}` : all.length === 0 ? '; there are no runs' : '';
  throw new NotFoundError(`no run ${runId} in ${path.resolve(runsDir)}${hint}`);
}

/**
 * The most recently created top-level run (of one pipeline, or of all), or null when there is
 * none. A nested child run (`parent_stage` set) is never `last`; an unreadable run counts as
 * top-level so that `status` can say what is wrong with it.
 */
export function latestRun(runsDir: string, pipeline?: string): RunPaths | null {
  const candidates = listRunPaths(runsDir, pipeline).map(({ paths }) => ({ paths, id: path.basename(paths.dir) }));
  candidates.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  // Ids order runs to the second; created_at (ms) orders the top-level runs of the newest second.
  const newest: { paths: RunPaths; run_id: string; created_at: string }[] = [];
  for (const c of candidates) {
    const first = newest[0];
    if (first && c.id.slice(0, 15) !== first.run_id.slice(0, 15)) break;
    const manifest = tryReadManifest(c.paths);
    if (manifest?.parent_stage !== undefined) continue;
    newest.push({ paths: c.paths, run_id: c.id, created_at: manifest?.created_at ?? '' });
  }
  return newest.sort(newestFirst)[0]?.paths ?? null;
}

/** The manifest, or undefined when it cannot be read. */
function tryReadManifest(paths: RunPaths): RunManifest | undefined {
  try {
    return currentManifest(paths);
  } catch {
    return undefined;
  }
}

/** Up to `limit` ids nearest to `wanted`: ids it is a prefix of first, then by edit distance. */
export function closestIds(wanted: string, ids: string[], limit = 3): string[] {
  const scored = ids.map((id) => ({ id, distance: id.startsWith(wanted) ? 0 : editDistance(wanted, id) }));
  const threshold = Math.max(3, Math.floor(wanted.length / 2));
  return scored
    .filter((s) => s.distance <= threshold)
    .sort((a, b) => a.distance - b.distance || (a.id < b.id ? 1 : -1))
    .slice(0, limit)
    .map((s) => s.id);
}
