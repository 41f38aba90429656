// One clear sentence per JSON Schema error: unknown keys with did-you-mean, wrong types, bad values.
import type { ErrorObject } from 'ajv';
import { closestMatch, didYouMean, listNames } from './did-you-mean.js';
import type { DocPath } from './positions.js';
import { definitionName, type SchemaKind, type SchemaNode } from './schemas.js';

/** A schema problem; `fix` tells the repair step whether to drop a key or an invalid value. */
export interface SchemaProblem {
  path: DocPath;
  at: 'key' | 'value';
  message: string;
  fix: 'drop-key' | 'invalid-value';
  /** For unknown keys: the valid key suggested instead. */
  suggestion?: string;
  /** For missing keys: the key that is missing. */
  missing?: string;
}

const BRANCH_ROUTING_HINT = 'parallel branches cannot route; set it on the parallel stage instead';
const BRANCH_FANOUT_HINT = 'parallel branches cannot fan out; use `matrix`/`for_each` on a top-level stage';
const GROUP_FANOUT_HINT = 'a parallel stage cannot fan out; put `matrix`/`for_each` on a `run`, `agent` or `pipeline` stage';
/** Keys that are valid elsewhere, with the reason they are not valid here (by schema definition name). */
const KEY_HINTS: Record<string, Record<string, string>> = {
  stage: {
    fail_fast: 'it only applies to `parallel` stages',
    with: 'it only applies to `pipeline` stages',
    prompt: 'it belongs under `agent:`',
    prompt_file: 'it belongs under `agent:`',
    role: 'it belongs under `agent:`',
    matrix: GROUP_FANOUT_HINT,
    for_each: GROUP_FANOUT_HINT,
    include: GROUP_FANOUT_HINT,
    exclude: GROUP_FANOUT_HINT,
    as: GROUP_FANOUT_HINT,
  },
  branch: {
    next: BRANCH_ROUTING_HINT,
    on_failure: BRANCH_ROUTING_HINT,
    max_visits: BRANCH_ROUTING_HINT,
    parallel: 'a parallel branch cannot itself be `parallel`',
    fail_fast: 'it belongs to the parallel stage, not to its branches',
    max_parallel: 'it belongs to the parallel stage, not to its branches',
    matrix: BRANCH_FANOUT_HINT,
    for_each: BRANCH_FANOUT_HINT,
    include: BRANCH_FANOUT_HINT,
    exclude: BRANCH_FANOUT_HINT,
    as: BRANCH_FANOUT_HINT,
  },
};

function hintGroup(definition: string | undefined): Record<string, string> {
  if (definition === undefined) return {};
  if (definition.endsWith('Branch')) return { ...KEY_HINTS.stage, ...KEY_HINTS.branch };
  if (definition.endsWith('Stage')) return KEY_HINTS.stage ?? {};
  return {};
}

/** Parses an ajv instancePath (`/stages/a~1b/run/0`) into path segments. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `the file`, `` `cwd` ``, `` `run[2]` `` - how a path is named in a message. */
export function label(path: DocPath): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'the file';
  if (typeof last === 'number' || /^\d+$/.test(String(last))) {
    const parent = path[path.length - 2];
    return parent === undefined ? `item ${String(last)}` : `\`${String(parent)}[${String(last)}]\``;
  }
  return `\`${String(last)}\``;
}

/** What a value is, in YAML words. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string \`${truncate(value)}\``;
  return `${typeof value === 'number' ? 'the number' : 'the boolean'} \`${String(value)}\``;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

/** `a string or a list` for a type or list of types. */
export function typeWords(types: readonly string[]): string {
  const words = [...new Set(types)].map((t) => TYPE_WORDS[t] ?? t);
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function truncate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}

/** Maps one (non-oneOf) ajv error to a problem, or undefined for errors that repeat another one. */
export function describeError(kind: SchemaKind, error: ErrorObject, base: DocPath): SchemaProblem | undefined {
  const path = [...base, ...parsePointer(error.instancePath)];
  const params = error.params as Record<string, unknown>;
  const parent = error.parentSchema as SchemaNode | undefined;
  const propertyName = (error as { propertyName?: string }).propertyName;
  if (propertyName !== undefined) return describeKeyName(error, [...path, propertyName], propertyName);
  const value = (problem: string): SchemaProblem => ({ path, at: 'value', message: problem, fix: 'invalid-value' });
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(kind, path, String(params.additionalProperty), parent);
    case 'required':
      return { path, at: 'key', message: `missing required key \`${String(params.missingProperty)}\``, fix: 'invalid-value', missing: String(params.missingProperty) };
    case 'type':
      return value(`${label(path)} must be ${typeWords(toList(error.schema))}, got ${describeValue(error.data)}`);
    case 'enum':
      return value(enumMessage(path, error.data, (error.schema as unknown[]) ?? []));
    case 'const':
      return value(`${label(path)} must be ${JSON.stringify(error.schema)}, got ${describeValue(error.data)}`);
    case 'pattern':
      return value(`invalid ${label(path)} \`${truncate(String(error.data))}\`: ${parent?.patternErrorMessage ?? `must match ${String(error.schema)}`}`);
    case 'minLength':
      return value(`${label(path)} must not be empty`);
    case 'minItems':
    case 'minProperties':
      return value(`${label(path)} must not be empty`);
    case 'uniqueItems':
      return value(`${label(path)} lists the same value twice (items ${String(params.j)} and ${String(params.i)})`);
    case 'minimum':
    case 'maximum':
      return value(`${label(path)} must be ${String(params.comparison)} ${String(params.limit)}, got ${describeValue(error.data)}`);
    case 'propertyNames':
      return undefined;
    case 'not':
      return value(reservedMessage(String(error.data), error.schema));
    default:
      return value(`${label(path)} ${error.message ?? 'is invalid'}`);
  }
}

function toList(schema: unknown): string[] {
  return Array.isArray(schema) ? schema.map(String) : [String(schema)];
}

function describeKeyName(error: ErrorObject, path: DocPath, name: string): SchemaProblem | undefined {
  const parent = error.parentSchema as SchemaNode | undefined;
  let message: string | undefined;
  if (error.keyword === 'pattern') message = `invalid key \`${truncate(name)}\`: ${parent?.patternErrorMessage ?? 'not allowed here'}`;
  if (error.keyword === 'not') message = reservedMessage(name, error.schema);
  return message === undefined ? undefined : { path, at: 'key', message, fix: 'drop-key' };
}

/** Names that would collide with JavaScript object internals. */
const OBJECT_INTERNALS = ['__proto__', 'constructor', 'prototype'];

/** The message for a name a `not: { enum }` forbids: object internals, or the reserved stage ids. */
function reservedMessage(name: string, schema: unknown): string {
  if (OBJECT_INTERNALS.includes(name)) return `\`${truncate(name)}\` cannot be used as a name (it collides with JavaScript object internals)`;
  const reserved = ((schema as SchemaNode | undefined)?.enum ?? []).map(String).filter((n) => !OBJECT_INTERNALS.includes(n));
  return `\`${truncate(name)}\` is reserved and cannot be a stage id (reserved: ${reserved.join(', ')})`;
}

function unknownKey(kind: SchemaKind, path: DocPath, key: string, parent: SchemaNode | undefined): SchemaProblem {
  const hints = hintGroup(definitionName(kind, parent));
  const hint = Object.hasOwn(hints, key) ? hints[key] : undefined;
  const valid = Object.keys(parent?.properties ?? {}).filter((k) => k !== '$schema');
  const isRoleMap = kind === 'orchestrator' && path.join('.') === 'runtime_profile.stages';
  const subject = isRoleMap ? `unknown agent role \`${key}\`` : `unknown key \`${key}\`${path.length === 0 ? ' at the top level' : ''}`;
  const suggestion = didYouMean(key, valid);
  // Short lists are always shown; long ones only when there is no suggestion.
  const list = isRoleMap ? ` (valid roles: ${valid.join(', ')})` : !suggestion || valid.length <= 6 ? ` (valid keys: ${valid.join(', ')})` : '';
  const message = hint ? `unknown key \`${key}\`: ${hint}` : `${subject}${suggestion}${list}`;
  return { path: [...path, key], at: 'key', message, fix: 'drop-key', suggestion: closestMatch(key, valid) };
}

function enumMessage(path: DocPath, data: unknown, allowed: unknown[]): string {
  const names = allowed.map(String);
  const got = typeof data === 'string' ? `\`${truncate(data)}\`` : describeValue(data);
  const suggestion = typeof data === 'string' ? didYouMean(data, names) : '';
  const subject = path[path.length - 1] === 'role' ? 'unknown agent role' : `invalid ${label(path)}`;
  return `${subject} ${got}${suggestion} (valid: ${listNames(names)})`;
}
