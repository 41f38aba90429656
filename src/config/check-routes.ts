// Route checks: every `next`/`on_failure` target exists, and a `next` list ends with its default.
import { branchGroups, topLevelIds, type CheckContext } from './check-context.js';
import { didYouMean } from './did-you-mean.js';
import type { StageEntry } from './normalise-stage.js';
import type { DocPath, Problem } from './positions.js';

const FAILURE_KEYWORDS = ['fail', 'continue'];

/** Problems of the routes of every top-level stage. */
export function checkRoutes(ctx: CheckContext): Problem[] {
  const stages = topLevelIds(ctx);
  const groups = branchGroups(ctx);
  const targetProblem = (target: string, path: DocPath, extra: readonly string[] = []): Problem[] => {
    if (stages.has(target) || ctx.brokenStages.has(target)) return [];
    const group = groups.get(target);
    const message = group
      ? `\`${target}\` is a branch of the parallel stage \`${group}\`; route to \`${group}\` instead`
      : `unknown route target \`${target}\`${didYouMean(target, [...stages, ...extra])} (targets: a stage id${extra.map((k) => `, \`${k}\``).join('')})`;
    return [{ path, at: 'value', message }];
  };
  const problems: Problem[] = [];
  for (const entry of ctx.entries) {
    if (entry.group !== undefined || !('next' in entry.doc || 'on_failure' in entry.doc)) continue;
    problems.push(...checkNext(entry, (target, path) => (target === 'end' || target === 'fail' ? [] : targetProblem(target, path, ['end', 'fail']))));
    const onFailure = 'on_failure' in entry.doc ? entry.doc.on_failure : undefined;
    if (onFailure === 'end') {
      const message = '`on_failure: end` would finish a failed run as succeeded; use `fail`, `continue` or a stage id';
      problems.push({ path: [...entry.path, 'on_failure'], at: 'value', message });
    } else if (onFailure !== undefined && !FAILURE_KEYWORDS.includes(onFailure)) {
      problems.push(...targetProblem(onFailure, [...entry.path, 'on_failure'], FAILURE_KEYWORDS));
    }
  }
  return problems;
}

type TargetCheck = (target: string, path: DocPath) => Problem[];

function checkNext(entry: StageEntry, checkTarget: TargetCheck): Problem[] {
  const next = 'next' in entry.doc ? entry.doc.next : undefined;
  const path = [...entry.path, 'next'];
  if (next === undefined) return [];
  if (typeof next === 'string') return checkTarget(next, path);
  const problems: Problem[] = [];
  const defaultIndex = next.findIndex((route) => route.when === undefined);
  next.forEach((route, index) => {
    problems.push(...checkTarget(route.to, [...path, index, 'to']));
    if (defaultIndex !== -1 && index === defaultIndex + 1) {
      problems.push({
        path: [...path, index],
        at: 'key',
        message: `this route is never taken: it comes after the default route (the one without \`when\`); the default must be last`,
      });
    }
  });
  if (defaultIndex === -1) {
    problems.push({
      path: [...path, next.length - 1, 'when'],
      at: 'key',
      message: 'the last route of `next` must have no `when` (it is the default); add a last route `- to: <stage>` (or `end`)',
    });
  }
  return problems;
}
