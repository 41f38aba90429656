// gc helpers: which fingerprint cache entries no known pipeline can use, and stray `*.tmp`
// files that a killed writer left behind (atomic writes, decision files).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { loadPipelineFile } from '../config/index.js';
import { ValidationError } from '../errors/index.js';
import { allStages } from '../model/index.js';
import { CACHE_DIR_NAME, latestRun, listRunPaths, readManifest } from '../store/index.js';
import type { Project } from './project.js';
import { pipelineFiles } from './validate.js';

/**
 * Cache files whose pipeline or stage no known pipeline has. Known: pipelines/*.y(a)ml, the
 * pipeline files recorded by runs (run by path), and every pipeline they nest. Null when a
 * known pipeline is invalid (it might still own entries: remove nothing rather than guess).
 */
export function orphanedCacheEntries(project: Project): string[] {
  const runsDir = project.orchestrator.runsDir;
  const cacheDir = join(runsDir, CACHE_DIR_NAME);
  if (!existsSync(cacheDir)) return [];
  const stagesByPipeline = new Map<string, Set<string>>();
  for (const file of knownPipelineFiles(project)) {
    try {
      const { pipeline, children } = loadPipelineFile(file, { root: project.root });
      for (const p of [pipeline, ...children.values()]) stagesByPipeline.set(p.name, new Set(allStages(p).map((s) => s.id)));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return [];
    }
  }
  const orphans: string[] = [];
  for (const pipeline of readdirSync(cacheDir)) {
    const stages = stagesByPipeline.get(pipeline);
    for (const entry of readdirSync(join(cacheDir, pipeline))) {
      if (entry.endsWith('.tmp')) continue; // stray temporary files are collected separately
      if (!stages || !stages.has(entry.replace(/\.json$/, ''))) orphans.push(join(cacheDir, pipeline, entry));
    }
  }
  return orphans;
}

/** pipelines/*.y(a)ml plus the existing pipeline files that the newest run of each recorded pipeline names. */
function knownPipelineFiles(project: Project): string[] {
  const files = new Set(pipelineFiles(project));
  const names = new Set(listRunPaths(project.orchestrator.runsDir).map((r) => r.pipeline));
  for (const name of names) {
    const newest = latestRun(project.orchestrator.runsDir, name) ?? listRunPaths(project.orchestrator.runsDir, name)[0]?.paths;
    if (!newest) continue;
    try {
      const file = resolve(project.root, readManifest(newest).pipeline.file);
      if (existsSync(file)) files.add(file);
    } catch {
      // an unreadable run names no pipeline
    }
  }
  return [...files];
}

/** `*.tmp` files under the runs dir whose writer process (the pid in their name) is gone. */
export function strayTempFiles(runsDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      const path = join(dir, name);
      if (name.endsWith('.tmp')) {
        if (!writerAlive(name) && isFile(path)) found.push(path);
      } else if (depth < 4 && isDirectory(path)) walk(path, depth + 1);
    }
  };
  walk(runsDir, 0);
  return found;
}

/** True when the pid in a temporary file's name (`<file>.<pid>.<suffix>.tmp`) is a live process. */
function writerAlive(name: string): boolean {
  const parts = basename(name).split('.');
  const pid = Number(parts[parts.length - 3]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
