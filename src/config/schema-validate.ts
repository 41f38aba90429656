// Validates loaded YAML data against a JSON Schema and explains the failures: ajv reports every
// branch of a `oneOf`; we pick the branch the author meant (by type, then by its required key)
// and explain only that branch, so each problem gets one clear message.
import type { ErrorObject } from 'ajv';
import { closestMatch, listNames } from './did-you-mean.js';
import type { DocPath } from './positions.js';
import { describeError, describeValue, parsePointer, typeWords, type SchemaProblem } from './schema-messages.js';
import { definitionName, loadedSchema, pointerOf, resolveRef, subValidator, type SchemaKind, type SchemaNode } from './schemas.js';

/** Every schema problem of `data` (empty when valid). */
export function validateAgainstSchema(kind: SchemaKind, data: unknown): SchemaProblem[] {
  const { validate } = loadedSchema(kind);
  if (validate(data)) return [];
  return withoutImpliedMissingKeys(explain(kind, validate.errors ?? [], []));
}

/** `stage:` reported as "did you mean `stages`?" makes "missing required key `stages`" redundant. */
function withoutImpliedMissingKeys(problems: SchemaProblem[]): SchemaProblem[] {
  const suggested = new Set(problems.flatMap((p) => (p.suggestion === undefined ? [] : [`${p.path.slice(0, -1).join('/')}#${p.suggestion}`])));
  return problems.filter((p) => p.missing === undefined || !suggested.has(`${p.path.join('/')}#${p.missing}`));
}

function explain(kind: SchemaKind, errors: readonly ErrorObject[], base: DocPath): SchemaProblem[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf').sort((a, b) => a.instancePath.length - b.instancePath.length);
  const covered: string[] = [];
  const problems: SchemaProblem[] = [];
  for (const error of oneOfs) {
    if (covered.some((p) => isWithin(error.instancePath, p))) continue;
    covered.push(error.instancePath);
    problems.push(...explainOneOf(kind, error, [...base, ...parsePointer(error.instancePath)]));
  }
  for (const error of errors) {
    if (error.keyword === 'oneOf' || covered.some((p) => isWithin(error.instancePath, p))) continue;
    const problem = describeError(kind, error, base);
    if (problem) problems.push(problem);
  }
  return problems;
}

function isWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

interface Branch {
  node: SchemaNode;
  pointer: string | undefined;
}

function explainOneOf(kind: SchemaKind, error: ErrorObject, path: DocPath): SchemaProblem[] {
  const parentPointer = pointerOf(kind, error.parentSchema);
  const branches: Branch[] = ((error.schema as SchemaNode[] | undefined) ?? []).map((node, index) => {
    const resolved = resolveRef(kind, node);
    return { node: resolved.node, pointer: node.$ref ? resolved.pointer : parentPointer && `${parentPointer}/oneOf/${index}` };
  });
  const data = error.data;
  const typed = branches.filter((b) => acceptsType(b.node, data));
  if (typed.length === 0) {
    const types = branches.flatMap((b) => toList(b.node.type));
    return [{ path, at: 'value', message: `${nameOf(path)} must be ${typeWords(types)}, got ${describeValue(data)}`, fix: 'invalid-value' }];
  }
  let chosen = typed[0];
  if (typed.length > 1 && isRecord(data)) {
    const matching = typed.filter((b) => (b.node.required ?? []).every((key) => Object.hasOwn(data, key)));
    if (matching.length !== 1) return [kindProblem(kind, error, path, typed, data)];
    chosen = matching[0];
  }
  if (chosen?.pointer === undefined) return [];
  const validate = subValidator(kind, chosen.pointer);
  if (validate(data)) return [];
  return explain(kind, validate.errors ?? [], path);
}

/** None or several of the discriminating keys (`run`, `agent`, ...) are present. */
function kindProblem(kind: SchemaKind, error: ErrorObject, path: DocPath, branches: Branch[], data: Record<string, unknown>): SchemaProblem {
  const keys = branches.map((b) => b.node.required?.[0]).filter((k): k is string => k !== undefined);
  const found = keys.filter((k) => Object.hasOwn(data, k));
  const definition = definitionName(kind, error.parentSchema);
  const what = definition === 'branch' ? 'a parallel branch' : definition === 'stage' ? 'a stage' : 'this mapping';
  let message: string;
  if (found.length === 0 && definition === 'branch' && 'parallel' in data) {
    message = 'a parallel branch cannot itself be `parallel`';
  } else if (found.length === 0) {
    const typo = Object.keys(data).find((key) => closestMatch(key, keys) !== undefined);
    const hint = typo === undefined ? '' : ` (is \`${typo}\` a typo of \`${closestMatch(typo, keys) ?? ''}\`?)`;
    message = `${what} needs exactly one of ${listNames(keys)}${hint}`;
  } else {
    message = `${what} can have only one of ${listNames(keys)}, found ${found.map((k) => `\`${k}\``).join(' and ')}`;
  }
  return { path, at: 'key', message, fix: 'invalid-value' };
}

function nameOf(path: DocPath): string {
  const last = path[path.length - 1];
  return last === undefined ? 'the file' : typeof last === 'number' ? `item ${last}` : `\`${last}\``;
}

function toList(type: string | string[] | undefined): string[] {
  if (type === undefined) return [];
  return Array.isArray(type) ? type : [type];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function acceptsType(node: SchemaNode, data: unknown): boolean {
  const types = toList(node.type);
  if (types.length === 0) return true;
  return types.some((t) => matchesType(t, data));
}

function matchesType(type: string, data: unknown): boolean {
  switch (type) {
    case 'object':
      return isRecord(data);
    case 'array':
      return Array.isArray(data);
    case 'integer':
      return Number.isInteger(data);
    case 'null':
      return data === null;
    default:
      return typeof data === type;
  }
}
