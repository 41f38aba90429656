// The fingerprint cache a run uses to skip unchanged stages (see src/fingerprint).
import type { StageCache } from '../engine/index.js';
import type { Pipeline } from '../model/index.js';
import type { Project } from './project.js';

/** The stage cache of a pipeline in this project; undefined until fingerprints are wired in. */
export function stageCacheFor(project: Project, pipeline: Pipeline): StageCache | undefined {
  void project;
  void pipeline;
  return undefined;
}
