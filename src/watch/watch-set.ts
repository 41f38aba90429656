// What `flowstate watch` watches: the pipeline files and orchestrator.yaml (config), every
// stage's `sources` and the `watch:` globs; never the runs dir, `.git`, `node_modules` (unless
// a pattern names them) or any stage's `generates`.
import { basename, dirname, resolve } from 'node:path';
import type { Stats } from 'node:fs';
import { implicitSources } from '../fingerprint/index.js';
import { allStages, type Pipeline } from '../model/index.js';
import { globMatcher, isInside, nearestExisting, toRel, watchRootOf, type PathMatcher, type WatchRoot } from './globs.js';

/** Directory names skipped unless a pattern points inside them. */
const PRUNED_NAMES = new Set(['node_modules', '.git']);

/** Editors' swap, backup, lock and temporary files (vim, emacs, JetBrains, Sublime, gedit). */
const EDITOR_TEMP_FILES = [/^\..*\.sw[a-p]$/, /~$/, /^\.#/, /^#.*#$/, /^4913$/, /___jb_(tmp|old)___$/, /^\.subl.*\.tmp$/, /^\.goutputstream-/];

/** True for an editor's temporary file: never a change worth a run. */
export function isEditorTempFile(path: string): boolean {
  const name = basename(path);
  return EDITOR_TEMP_FILES.some((pattern) => pattern.test(name));
}

export interface WatchSetInput {
  root: string;
  runsDir: string;
  /** Files whose change means "reload": pipeline files (nested too) and orchestrator.yaml. */
  configFiles: string[];
  /** The pipeline and its nested pipelines: their stages' sources, generates and watch globs. */
  pipelines: Pipeline[];
}

/** How a changed path counts. */
export type PathKind = 'config' | 'source';

export interface WatchSet {
  root: string;
  runsDir: string;
  /** Existing directories handed to chokidar (none inside another). */
  watchPaths: string[];
  /** Equal signatures watch the same things (no need to restart the watcher). */
  signature: string;
  /** 'config', 'source', or null for a path that must not trigger anything. */
  classify(path: string): PathKind | null;
  /** chokidar's `ignored`: prunes directories and skips files that cannot matter. */
  ignored(path: string, stats?: Stats): boolean;
}

/** Builds the watch set of a pipeline (and its nested pipelines). */
export function buildWatchSet(input: WatchSetInput): WatchSet {
  const root = resolve(input.root);
  const runsDir = resolve(input.runsDir);
  const configFiles = new Set(input.configFiles.map((f) => resolve(f)));
  const sourceGroups: string[][] = [];
  const generates: string[] = [];
  for (const pipeline of input.pipelines) {
    if (pipeline.watch.length > 0) sourceGroups.push(pipeline.watch);
    for (const stage of allStages(pipeline)) {
      const own = [...stage.sources, ...(stage.kind === 'agent' ? implicitSources(stage) : [])];
      if (own.length > 0) sourceGroups.push(own);
      generates.push(...stage.generates);
    }
  }
  const roots: WatchRoot[] = [...configFiles].map((file) => ({ dir: dirname(file), recursive: false }));
  for (const pattern of sourceGroups.flat()) {
    const watchRoot = watchRootOf(root, pattern);
    if (watchRoot) roots.push(watchRoot);
  }
  const matchers: PathMatcher[] = sourceGroups.map((group) => globMatcher(group));
  const isGenerated = globMatcher(generates);
  const explicitlyInside = (dir: string): boolean => roots.some((r) => isInside(r.dir, dir));
  const excluded = (path: string): boolean => {
    if (isInside(path, runsDir)) return true;
    const rel = toRel(root, path);
    const parts = rel.split('/');
    const prunedAt = parts.findIndex((part) => PRUNED_NAMES.has(part));
    if (prunedAt >= 0 && !explicitlyInside(resolve(root, ...parts.slice(0, prunedAt + 1)))) return true;
    return rel !== '' && isGenerated(rel);
  };
  const classify = (path: string): PathKind | null => {
    const abs = resolve(path);
    if (configFiles.has(abs)) return 'config';
    if (excluded(abs) || isEditorTempFile(abs)) return null;
    const rel = toRel(root, abs);
    return matchers.some((match) => match(rel)) ? 'source' : null;
  };
  const relevantDir = (dir: string): boolean => roots.some((r) => (isInside(dir, r.dir) ? r.recursive || dir === r.dir : isInside(r.dir, dir)));
  return {
    root,
    runsDir,
    watchPaths: outermost(roots.map((r) => nearestExisting(r.dir))),
    signature: JSON.stringify({ runsDir, config: [...configFiles].sort(), sourceGroups, generates, roots }),
    classify,
    ignored: (path, stats) => {
      const abs = resolve(path);
      if (configFiles.has(abs)) return false;
      if (excluded(abs)) return true;
      if (!stats) return false;
      return stats.isDirectory() ? !relevantDir(abs) : classify(abs) === null;
    },
  };
}

/** The directories not inside another one of the list, sorted and unique. */
function outermost(dirs: string[]): string[] {
  const unique = [...new Set(dirs)].sort();
  return unique.filter((dir) => !unique.some((other) => other !== dir && isInside(dir, other)));
}
