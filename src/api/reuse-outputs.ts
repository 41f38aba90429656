// --from / --target (and retry): the stages a run skips stand for their newest earlier success,
// outputs included, so no later stage reads a silently empty value or a false `if`.
import { basename } from 'node:path';
import { unsuppliedReads } from '../engine/index.js';
import { UsageError } from '../errors/index.js';
import { allStages, type Outputs, type Pipeline, type StageRecord } from '../model/index.js';
import { listRunPaths, readManifest } from '../store/index.js';

/** The newest succeeded record of each wanted stage among the recorded runs of a pipeline, naming the run it came from. */
function earlierSuccesses(runsDir: string, pipeline: string, wanted: readonly string[]): Map<string, StageRecord> {
  const found = new Map<string, StageRecord>();
  const runs = listRunPaths(runsDir, pipeline).sort((a, b) => (basename(a.paths.dir) < basename(b.paths.dir) ? 1 : -1));
  for (const { paths } of runs) {
    if (found.size === wanted.length) break;
    let stages: Record<string, StageRecord>;
    try {
      stages = readManifest(paths).stages;
    } catch {
      continue; // an unreadable run supplies nothing
    }
    for (const id of wanted) {
      const record = stages[id];
      if (found.has(id) || record?.status !== 'succeeded') continue;
      found.set(id, { ...record, reused_from: record.reused_from ?? basename(paths.dir) });
    }
  }
  return found;
}

/**
 * The records the skipped stages of a selection stand for: `given` ones (retry) first, then the
 * newest earlier successes. Unless `given`, refuses (exit 2) when a selected stage reads
 * something no earlier run can supply.
 */
export function reuseForSelection(runsDir: string, pipeline: Pipeline, selection: ReadonlySet<string>, given?: Record<string, StageRecord>): Record<string, StageRecord> {
  const reuse: Record<string, StageRecord> = { ...given };
  const skipped = allStages(pipeline)
    .map((s) => s.id)
    .filter((id) => !selection.has(id) && reuse[id]?.status !== 'succeeded');
  for (const [id, record] of earlierSuccesses(runsDir, pipeline.name, skipped)) reuse[id] = record;
  if (given) return reuse;
  const supplied = new Map<string, Outputs>();
  for (const [id, record] of Object.entries(reuse)) if (record.status === 'succeeded') supplied.set(id, record.outputs);
  const missing = unsuppliedReads(pipeline, selection, supplied);
  if (missing.length > 0) {
    throw new UsageError(
      `cannot skip the stages before the selection: no earlier run of pipeline \`${pipeline.name}\` supplies ${missing.join(', ')}; ` +
        'run the whole pipeline once (or include those stages), or give the reads a default with `??`',
    );
  }
  return reuse;
}
