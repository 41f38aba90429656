// Edge labels: a transition is labelled by its guard, in words a pipeline author recognises.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function paramText(params: Record<string, unknown>, key: string): string {
  const value = params[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** The label of a guard: the route expression, `failed`, `max_visits N`, `if false`, or its name. */
export function guardLabel(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (!isRecord(guard) || typeof guard.type !== 'string') return 'guard';
  const params = isRecord(guard.params) ? guard.params : {};
  switch (guard.type) {
    case 'routeWhen':
      return paramText(params, 'when');
    case 'stageFailed':
    case 'groupFailed':
      return 'failed';
    case 'visitsExhausted':
      return `max_visits ${paramText(params, 'max')}`;
    case 'conditionFalse':
      return 'if false';
    default:
      return guard.type;
  }
}

/** What fires a transition: an actor or a region finishing, an actor error, `always`, or an event. */
export type Trigger = { kind: 'done' } | { kind: 'error' } | { kind: 'always' } | { kind: 'event'; event: string };

/** The routing decision a transition journals (its decideRoute action's params), if it has one. */
export function routeOf(actions: unknown): { from: string; to: string; why: string } | undefined {
  const list: unknown[] = Array.isArray(actions) ? actions : [actions];
  for (const action of list) {
    if (isRecord(action) && action.type === 'decideRoute' && isRecord(action.params)) {
      const { from, to, why } = action.params;
      if (typeof from === 'string' && typeof to === 'string' && typeof why === 'string') return { from, to, why };
    }
  }
  return undefined;
}

/** The `why` of a transition's decideRoute action, if it has one. */
function routeWhy(actions: unknown): string | undefined {
  return routeOf(actions)?.why;
}

/**
 * The label of an edge: the guard when there is one, else the trigger (`done`, `error`, the
 * event name); an unguarded `always` shows why it routes (e.g. `skipped`), else nothing.
 */
export function edgeLabel(trigger: Trigger, guard: unknown, actions?: unknown): string {
  const guarded = guard === undefined ? undefined : guardLabel(guard);
  switch (trigger.kind) {
    case 'done':
      return guarded ?? 'done';
    case 'error':
      return guarded === undefined ? 'error' : `error [${guarded}]`;
    case 'always':
      return guarded ?? routeWhy(actions) ?? '';
    case 'event':
      return guarded === undefined ? trigger.event : `${trigger.event} [${guarded}]`;
  }
}
