// Reads transitions out of an XState config generically (string, object or array forms) and
// resolves their targets to state paths.

/** A transition as viz sees it: where it goes and what guards it. */
export interface RawTransition {
  target?: string;
  guard?: unknown;
  actions?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneTransition(value: unknown): RawTransition[] {
  if (typeof value === 'string') return [{ target: value }];
  if (!isRecord(value)) return [];
  const { target, guard, actions } = value;
  if (typeof target === 'string') return [{ target, guard, actions }];
  // XState also accepts a list of targets; each is drawn as its own edge.
  if (Array.isArray(target)) return target.filter((t): t is string => typeof t === 'string').map((t) => ({ target: t, guard, actions }));
  return [{ guard, actions }];
}

/** The transitions of a config field, whatever form it was written in. */
export function transitionsOf(value: unknown): RawTransition[] {
  if (Array.isArray(value)) return value.flatMap(oneTransition);
  return oneTransition(value);
}

/**
 * The path of the state a target names, seen from the state `source` (whose path is given):
 * `#machine.a.b` is absolute, `.child` is below the source, `sibling.child` is beside it.
 */
export function resolveTarget(machineId: string, source: readonly string[], target: string): string[] | null {
  if (target.startsWith('#')) {
    const [id, ...rest] = target.slice(1).split('.');
    return id === machineId ? rest : null; // custom state ids are not used by compile/
  }
  if (target.startsWith('.')) return [...source, ...target.slice(1).split('.')];
  if (source.length === 0) return null; // the root has no siblings
  return [...source.slice(0, -1), ...target.split('.')];
}
