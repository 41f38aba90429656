// After schema errors, a repaired copy of the pipeline data lets the semantic checks still run,
// so one `validate` shows every problem: invalid keys are dropped, broken stages are replaced
// by a placeholder stage with the same id (so routes to it still resolve).
import type { DocPath } from './positions.js';
import type { SchemaProblem } from './schema-messages.js';
import { validateAgainstSchema } from './schema-validate.js';

/** The keys that decide a stage's kind; an invalid one makes the whole stage a placeholder. */
const KIND_KEYS = new Set(['run', 'agent', 'pipeline', 'with', 'parallel']);
const MAX_ROUNDS = 6;

export interface RepairedPipeline {
  value: Record<string, unknown>;
  /** Ids of stages replaced by a placeholder or dropped (their own checks are already reported). */
  brokenStages: Set<string>;
}

/** A schema-valid copy of `value` with every problem removed, or undefined when that is impossible. */
export function repairPipeline(value: Record<string, unknown>, problems: readonly SchemaProblem[]): RepairedPipeline | undefined {
  let current = value;
  let pending = problems;
  const brokenStages = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round += 1) {
    for (const problem of pending) {
      const next = applyFix(current, problem, brokenStages);
      if (next === undefined) return undefined;
      current = next;
    }
    pending = validateAgainstSchema('pipeline', current);
  }
  return pending.length === 0 ? { value: current, brokenStages } : undefined;
}

function applyFix(value: Record<string, unknown>, problem: SchemaProblem, broken: Set<string>): Record<string, unknown> | undefined {
  const path = truncateAtIndex(problem.path);
  if (path.length === 0) return fixTopLevel(value, problem);
  if (path[0] !== 'stages') return removeAt(value, path);
  if (path.length === 1) return undefined;
  const stagePath = path.length >= 4 && path[2] === 'parallel' ? path.slice(0, 4) : path.slice(0, 2);
  broken.add(String(stagePath[stagePath.length - 1]));
  if (path.length === stagePath.length) {
    return problem.fix === 'drop-key' ? removeAt(value, path) : setAt(value, path, placeholder());
  }
  if (KIND_KEYS.has(String(path[stagePath.length]))) return setAt(value, stagePath, placeholder());
  return removeAt(value, path);
}

/** Missing `version`/`name` get stand-ins; anything else at the top level cannot be repaired. */
function fixTopLevel(value: Record<string, unknown>, problem: SchemaProblem): Record<string, unknown> | undefined {
  if (problem.missing === 'version') return { ...value, version: 1 };
  if (problem.missing === 'name') return { ...value, name: 'invalid' };
  return undefined;
}

function placeholder(): Record<string, unknown> {
  return { run: 'true' };
}

/** A path into a list is cut before the index: the whole list is dropped, indexes never shift. */
function truncateAtIndex(path: DocPath): DocPath {
  const index = path.findIndex((segment) => typeof segment === 'number' || /^\d+$/.test(String(segment)));
  return index === -1 ? path : path.slice(0, index);
}

function removeAt(value: Record<string, unknown>, path: DocPath): Record<string, unknown> {
  return updateAt(value, path, undefined);
}

function setAt(value: Record<string, unknown>, path: DocPath, replacement: unknown): Record<string, unknown> {
  return updateAt(value, path, replacement);
}

/** Copy-on-write update along `path` (undefined removes the key); missing parents leave `value` as is. */
function updateAt(value: Record<string, unknown>, path: DocPath, replacement: unknown): Record<string, unknown> {
  const [head, ...rest] = path.map(String);
  if (head === undefined || !Object.hasOwn(value, head)) return value;
  const copy = { ...value };
  if (rest.length === 0) {
    if (replacement === undefined) delete copy[head];
    else copy[head] = replacement;
    return copy;
  }
  const child = value[head];
  if (child === null || typeof child !== 'object' || Array.isArray(child)) return value;
  copy[head] = updateAt(child as Record<string, unknown>, rest, replacement);
  return copy;
}
