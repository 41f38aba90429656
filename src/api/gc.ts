// gc: removes finished runs (never a live, waiting or resumable one) and fingerprint cache
// entries that no current pipeline stage can use.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadPipelineFile } from '../config/index.js';
import { ValidationError } from '../errors/index.js';
import { allStages, type RunStatus } from '../model/index.js';
import { CACHE_DIR_NAME, listRuns } from '../store/index.js';
import { openProject, type ProjectOptions } from './project.js';
import { pipelineFiles } from './validate.js';

export interface GcOptions extends ProjectOptions {
  /** Newest finished runs kept per pipeline (default 10). */
  keep?: number;
  /** Only runs that finished longer ago than this many ms are removed. */
  olderThanMs?: number;
  /** Say what would be removed; remove nothing. */
  dryRun?: boolean;
}

export interface GcResult {
  runs: string[];
  cacheEntries: string[];
  dryRun: boolean;
}

const REMOVABLE: ReadonlySet<RunStatus> = new Set(['succeeded', 'failed', 'needs_review']);

/** Finds (and unless dryRun removes) old finished runs and orphaned cache entries. */
export function collectGarbage(options: GcOptions): GcResult {
  const project = openProject(options);
  const runsDir = project.orchestrator.runsDir;
  const keep = options.keep ?? 10;
  const now = Date.now();
  const seen = new Map<string, number>();
  const runs: string[] = [];
  for (const run of listRuns(runsDir)) {
    if (!REMOVABLE.has(run.status) || run.finished_at === null) continue;
    const rank = (seen.get(run.pipeline) ?? 0) + 1;
    seen.set(run.pipeline, rank);
    if (rank <= keep) continue;
    if (options.olderThanMs !== undefined && now - Date.parse(run.finished_at) < options.olderThanMs) continue;
    runs.push(run.dir);
  }
  const cacheEntries = orphanedCacheEntries(project.root, runsDir, options);
  if (!options.dryRun) for (const path of [...runs, ...cacheEntries]) rmSync(path, { recursive: true, force: true });
  return { runs: runs.map(project.display), cacheEntries: cacheEntries.map(project.display), dryRun: options.dryRun === true };
}

/** Cache files whose pipeline or stage no longer exists among the project's valid pipelines. */
function orphanedCacheEntries(root: string, runsDir: string, options: ProjectOptions): string[] {
  const cacheDir = join(runsDir, CACHE_DIR_NAME);
  if (!existsSync(cacheDir)) return [];
  const project = openProject(options);
  const stagesByPipeline = new Map<string, Set<string>>();
  for (const file of pipelineFiles(project)) {
    try {
      const { pipeline } = loadPipelineFile(file, { root });
      stagesByPipeline.set(pipeline.name, new Set(allStages(pipeline).map((s) => s.id)));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return []; // an invalid pipeline might still own entries: remove nothing rather than guess
    }
  }
  const orphans: string[] = [];
  for (const pipeline of readdirSync(cacheDir)) {
    const stages = stagesByPipeline.get(pipeline);
    for (const entry of readdirSync(join(cacheDir, pipeline))) {
      if (!stages || !stages.has(entry.replace(/\.json$/, ''))) orphans.push(join(cacheDir, pipeline, entry));
    }
  }
  return orphans;
}
