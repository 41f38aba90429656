// gc: removes finished and cancelled runs beyond --keep/--older-than, abandoned interrupted
// child runs under the same rules (never a live, waiting or resumable top-level run), cache
// entries no known pipeline can use, and stray *.tmp files left by a killed writer.
import { rmSync } from 'node:fs';
import type { RunManifest, RunStatus } from '../model/index.js';
import { listRuns, readManifest, runPaths, type RunSummary } from '../store/index.js';
import { orphanedCacheEntries, strayTempFiles } from './gc-cache.js';
import { openProject, type ProjectOptions } from './project.js';

export interface GcOptions extends ProjectOptions {
  /** Newest collectable runs kept per pipeline (default 10). */
  keep?: number;
  /** Only runs that ended (or were last written) longer ago than this many ms are removed. */
  olderThanMs?: number;
  /** Say what would be removed; remove nothing. */
  dryRun?: boolean;
}

export interface GcResult {
  runs: string[];
  cacheEntries: string[];
  tempFiles: string[];
  dryRun: boolean;
}

const REMOVABLE: ReadonlySet<RunStatus> = new Set(['succeeded', 'failed', 'needs_review', 'cancelled']);

/** Finds (and unless dryRun removes) collectable runs, orphaned cache entries and stray temporary files. */
export function collectGarbage(options: GcOptions): GcResult {
  const project = openProject(options);
  const runsDir = project.orchestrator.runsDir;
  const keep = options.keep ?? 10;
  const now = Date.now();
  const all = listRuns(runsDir);
  const seen = new Map<string, number>();
  const runs: string[] = [];
  for (const run of all) {
    const endedAt = collectableSince(runsDir, run, all);
    if (endedAt === null) continue;
    const rank = (seen.get(run.pipeline) ?? 0) + 1;
    seen.set(run.pipeline, rank);
    if (rank <= keep) continue;
    if (options.olderThanMs !== undefined && now - Date.parse(endedAt) < options.olderThanMs) continue;
    runs.push(run.dir);
  }
  const cacheEntries = orphanedCacheEntries(project);
  const tempFiles = strayTempFiles(runsDir).filter((file) => !runs.some((dir) => file.startsWith(`${dir}/`)));
  if (!options.dryRun) for (const path of [...runs, ...cacheEntries, ...tempFiles]) rmSync(path, { recursive: true, force: true });
  const display = (paths: string[]) => paths.map(project.display);
  return { runs: display(runs), cacheEntries: display(cacheEntries), tempFiles: display(tempFiles), dryRun: options.dryRun === true };
}

/**
 * When a run became collectable, or null when it must be kept: finished and cancelled runs (by
 * finished_at), and interrupted nested child runs whose root run has ended or is gone (by their
 * last write). Live, waiting and interrupted top-level runs are never collected.
 */
function collectableSince(runsDir: string, run: RunSummary, all: RunSummary[]): string | null {
  if (REMOVABLE.has(run.status)) return run.finished_at;
  if (run.status !== 'interrupted') return null;
  let manifest: RunManifest;
  try {
    manifest = readManifest(runPaths(runsDir, run.pipeline, run.run_id));
  } catch {
    return null; // unreadable now: keep it (status says what is wrong)
  }
  if (manifest.parent_stage === undefined || manifest.parent_run === null) return null;
  const parent = all.find((r) => r.run_id === manifest.parent_run);
  if (parent && !REMOVABLE.has(parent.status)) return null; // the root may still resume it in place
  return manifest.updated_at;
}
