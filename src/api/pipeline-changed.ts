// Resuming in a pipeline that changed since the run started: refused, unless forced and every
// stage the run still needs exists in the new version.
import { ConflictError } from '../errors/index.js';
import type { RunStartedEvent } from '../model/index.js';

/** Refuses to resume in a changed pipeline, unless forced and every needed stage still exists. */
export function checkPipelineHash(started: RunStartedEvent, hash: string, force: boolean, needed: string[], known: Set<string>): string | null {
  if (started.pipeline.hash === hash) return null;
  if (!force) {
    throw new ConflictError(
      `pipeline ${started.pipeline.name} changed since run ${started.run_id} started (${started.pipeline.file}); ` +
        'resume with --force to continue in the new version, or start a new run',
    );
  }
  const missing = needed.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new ConflictError(`cannot resume run ${started.run_id} in the changed pipeline: stage ${missing.map((m) => `\`${m}\``).join(', ')} no longer exists`);
  }
  return 'pipeline changed since the run started (resumed with --force)';
}
