// The fingerprint cache a run uses to skip unchanged stages (see src/fingerprint): records live
// at <runsDir>/.cache/<pipeline>/<stage>.json and are written atomically.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StageCache } from '../engine/index.js';
import { FingerprintCache } from '../fingerprint/index.js';
import type { Pipeline } from '../model/index.js';
import { cachePath, writeFileAtomic } from '../store/index.js';
import type { Project } from './project.js';

/** The stage cache of a pipeline in this project. */
export function stageCacheFor(project: Project, pipeline: Pipeline): StageCache {
  const runsDir = project.orchestrator.runsDir;
  const cache = new FingerprintCache({
    root: project.root,
    excludeDirs: [runsDir],
    pipeline: pipeline.name,
    recordFile: (stageId) => cachePath(runsDir, pipeline.name, stageId),
    write: (file, text) => {
      mkdirSync(dirname(file), { recursive: true });
      writeFileAtomic(file, text);
    },
  });
  return {
    lookup: (stage, identity) => cache.lookup(stage, identity),
    store: (stage, key, success) => {
      try {
        cache.store(stage, key, success);
      } catch {
        // The stage succeeded; a cache file that cannot be written only means it runs again next time.
      }
    },
  };
}
