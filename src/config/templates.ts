// `templates:` + `extends:` — shared stage settings merged into stages before normalisation.
// Order: the templates in `extends` order (later wins), then the stage's own keys; `env` is
// merged by name. A key the stage's kind cannot have (e.g. `idle_timeout` on a parallel stage)
// is reported at the `extends` value.
import { didYouMean } from './did-you-mean.js';
import type { DocPath, Problem } from './positions.js';
import { loadedSchema } from './schemas.js';

export type StageValue = Record<string, unknown>;

/** Merges `over` onto `base`: `over`'s keys win, `env` maps merge by name. */
export function mergeStage(base: StageValue, over: StageValue): StageValue {
  const merged: StageValue = { ...base, ...over };
  if (isObject(base.env) || isObject(over.env)) merged.env = { ...(isObject(base.env) ? base.env : {}), ...(isObject(over.env) ? over.env : {}) };
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The stage with the settings of the templates it extends under its own; `extends` is removed. */
export function applyExtends(stage: StageValue, path: DocPath, templates: Record<string, StageValue>, definition: string, problems: Problem[]): StageValue {
  const { extends: names, ...own } = stage;
  if (names === undefined) return stage;
  const list = typeof names === 'string' ? [names] : (names as string[]);
  const allowed = allowedKeys(definition);
  let base: StageValue = {};
  list.forEach((name, index) => {
    const at = typeof names === 'string' ? [...path, 'extends'] : [...path, 'extends', index];
    const template = Object.hasOwn(templates, name) ? templates[name] : undefined;
    if (!template) {
      const known = Object.keys(templates);
      problems.push({
        path: at,
        at: 'value',
        message: `unknown template \`${name}\`${didYouMean(name, known) || (known.length ? ` (templates: ${known.join(', ')})` : ' (the pipeline has no `templates:`)')}`,
      });
      return;
    }
    for (const key of Object.keys(template)) {
      if (allowed && !allowed.has(key))
        problems.push({ path: at, at: 'value', message: `template \`${name}\` sets \`${key}\`, which ${describeDefinition(definition)} cannot have` });
    }
    base = mergeStage(base, template);
  });
  return mergeStage(base, own);
}

/** The property names a stage definition of the pipeline schema allows (undefined: unknown definition). */
function allowedKeys(definition: string): Set<string> | undefined {
  const properties = loadedSchema('pipeline').schema.definitions?.[definition]?.properties;
  return properties ? new Set(Object.keys(properties)) : undefined;
}

/** The schema definition a stage value matches, by its kind key and whether it is a branch. */
export function stageDefinition(stage: StageValue, branch: boolean): string {
  const kind = 'run' in stage ? 'command' : 'agent' in stage ? 'agent' : 'pipeline' in stage ? 'pipeline' : 'parallel';
  return branch ? `${kind}Branch` : `${kind}Stage`;
}

function describeDefinition(definition: string): string {
  const kind = definition.replace(/(Stage|Branch)$/, '');
  return definition.endsWith('Branch') ? `a ${kind} branch` : `a ${kind} stage`;
}
