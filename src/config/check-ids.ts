// Stage ids are unique across the pipeline (parallel branches included).
import type { CheckContext } from './check-context.js';
import type { Problem } from './positions.js';

/** Duplicate ids across branches/stages. */
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
  }
  return problems;
}
