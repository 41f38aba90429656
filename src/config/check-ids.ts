// Stage ids are unique across the pipeline (parallel branches included); groups stay small.
import type { CheckContext } from './check-context.js';
import type { Problem } from './positions.js';

/** At most this many branches per parallel stage until a scheduler state exists (DESIGN §8). */
export const MAX_PARALLEL_BRANCHES = 200;

/** Duplicate ids across branches/stages and oversized parallel groups. */
export function checkStageIds(ctx: CheckContext): Problem[] {
  const problems: Problem[] = [];
  const firstSeen = new Map<string, number>();
  for (const entry of ctx.entries) {
    const line = ctx.map.position({ path: entry.path, at: 'key' }).line;
    const first = firstSeen.get(entry.id);
    if (first === undefined) {
      firstSeen.set(entry.id, line);
    } else {
      problems.push({
        path: entry.path,
        at: 'key',
        message: `duplicate stage id \`${entry.id}\` (already used at line ${first}); stage ids are unique across parallel branches too`,
      });
    }
    if (entry.stage.kind === 'parallel' && entry.stage.maxParallel === undefined && entry.stage.branches.length > MAX_PARALLEL_BRANCHES) {
      problems.push({
        path: [...entry.path, 'parallel'],
        at: 'key',
        message: `at most ${MAX_PARALLEL_BRANCHES} branches run as one region each (this parallel stage has ${entry.stage.branches.length}); set \`max_parallel\` to queue them`,
      });
    }
  }
  return problems;
}
