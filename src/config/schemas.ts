// The JSON Schemas of pipeline files and orchestrator.yaml: precompiled at build time
// (scripts/build-validators.mjs), else compiled once with ajv on first use (tests run from src/).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction } from 'ajv';
import { PRECOMPILED, type PrecompiledSchema } from './precompiled-schemas.js';

export type SchemaKind = 'pipeline' | 'orchestrator';

/** A JSON Schema object as read from disk (only the keywords the error mapper looks at are typed). */
export interface SchemaNode {
  $id?: string;
  $ref?: string;
  type?: string | string[];
  required?: string[];
  properties?: Record<string, SchemaNode>;
  oneOf?: SchemaNode[];
  enum?: unknown[];
  patternErrorMessage?: string;
  description?: string;
  definitions?: Record<string, SchemaNode>;
}

interface LoadedSchema {
  schema: SchemaNode;
  id: string;
  validate: ValidateFunction;
  /** A validator for the sub-schema at a JSON pointer. */
  sub: (pointer: string) => ValidateFunction | undefined;
  /** JSON pointer (e.g. `/definitions/stage`) of every object in the schema, by identity. */
  pointers: Map<object, string>;
}

const FILES: Record<SchemaKind, string> = {
  pipeline: 'pipeline.schema.json',
  orchestrator: 'orchestrator.schema.json',
};

let ajv: Ajv | undefined;
const loaded = new Map<SchemaKind, LoadedSchema>();

/** Absolute path of a schema file (the schemas/ folder ships beside src/ and dist/). */
export function schemaPath(kind: SchemaKind): string {
  return fileURLToPath(new URL(`../../schemas/${FILES[kind]}`, import.meta.url));
}

/**
 * The ajv options, here and in scripts/build-validators.mjs (which imports them from dist/):
 * every error (the mapper explains them all), the schema in each error (`verbose`, for the
 * pointer lookups), and one function per definition (`inlineRefs: 5`, after annotations are stripped:
 * the id patterns stay inline so their `propertyNames` errors keep `propertyName`).
 */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true, inlineRefs: 5 } as const;
/** Annotations for editors (vscode-json-languageservice shows them as error messages). */
export const ANNOTATION_KEYWORDS = ['patternErrorMessage', 'errorMessage'] as const;

/** Keywords for people and editors only: validation never reads them, so they are not compiled. */
const ANNOTATIONS = new Set(['description', 'examples', 'title', '$comment', 'markdownDescription']);
const SCHEMA_MAPS = new Set(['properties', 'definitions', 'patternProperties']);
const SUB_SCHEMAS = new Set(['items', 'additionalProperties', 'propertyNames', 'not', 'if', 'then', 'else', 'contains', 'oneOf', 'anyOf', 'allOf']);

/**
 * A copy of a schema without annotations (every JSON pointer stays the same). Smaller to
 * compile, and small definitions (`runtimeId`) fall under ajv's inlining limit, which keeps
 * `propertyName` on the errors of `propertyNames` checks.
 */
export function withoutAnnotations<T>(node: T): T {
  if (Array.isArray(node)) return node.map((item: unknown) => withoutAnnotations(item)) as T;
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(key)) continue;
    if (SCHEMA_MAPS.has(key) && value !== null && typeof value === 'object') {
      copy[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, withoutAnnotations(child)]));
    } else copy[key] = SUB_SCHEMAS.has(key) ? withoutAnnotations(value) : value;
  }
  return copy as T;
}

function sharedAjv(): Ajv {
  if (!ajv) {
    // why: loaded on demand (not imported) so a CLI built with precompiled schemas never loads ajv.
    const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    const created = new AjvClass(AJV_OPTIONS);
    for (const keyword of ANNOTATION_KEYWORDS) created.addKeyword(keyword);
    ajv = created;
  }
  return ajv;
}

/** The compiled schema of a kind (precompiled, or loaded and compiled on first use). */
export function loadedSchema(kind: SchemaKind): LoadedSchema {
  const cached = loaded.get(kind);
  if (cached) return cached;
  const precompiled = PRECOMPILED[kind];
  const entry = precompiled ? fromPrecompiled(precompiled) : compileSchema(kind);
  loaded.set(kind, entry);
  return entry;
}

/** Reads the schema file and compiles it with ajv (about 150 ms for the pipeline schema). */
function compileSchema(kind: SchemaKind): LoadedSchema {
  const schema = withoutAnnotations(JSON.parse(readFileSync(schemaPath(kind), 'utf8')) as SchemaNode);
  const validate = sharedAjv().compile(schema);
  const id = schema.$id ?? FILES[kind];
  const sub = (pointer: string): ValidateFunction | undefined => sharedAjv().getSchema(`${id}#${pointer}`);
  return { schema, id, validate, sub, pointers: pointerIndex([[schema, '']]) };
}

/** The build-time validators; error objects point into the generated code's schema copies. */
function fromPrecompiled(precompiled: PrecompiledSchema): LoadedSchema {
  const { id, validate, sub, roots } = precompiled;
  const schema = precompiled.schema as SchemaNode;
  return { schema, id, validate, sub: (pointer) => (Object.hasOwn(sub, pointer) ? sub[pointer] : undefined), pointers: pointerIndex(roots) };
}

/** A validator for the sub-schema at `pointer` of a kind's schema. */
export function subValidator(kind: SchemaKind, pointer: string): ValidateFunction {
  const { id, sub } = loadedSchema(kind);
  const validate = sub(pointer);
  if (!validate) throw new Error(`no sub-schema at ${id}#${pointer}`); // a bug in the schema file
  return validate;
}

/** Resolves a local `$ref` (`#/definitions/x`) to the schema node and its pointer. */
export function resolveRef(kind: SchemaKind, node: SchemaNode): { node: SchemaNode; pointer: string | undefined } {
  const { schema, pointers } = loadedSchema(kind);
  if (node.$ref?.startsWith('#/definitions/')) {
    const name = node.$ref.slice('#/definitions/'.length);
    const target = schema.definitions?.[name];
    if (target) return { node: target, pointer: `/definitions/${name}` };
  }
  return { node, pointer: pointers.get(node) };
}

/** Name of the definition a schema node is (e.g. `stage`), if it is one. */
export function definitionName(kind: SchemaKind, node: unknown): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const pointer = loadedSchema(kind).pointers.get(node);
  const match = pointer ? /^\/definitions\/([^/]+)$/.exec(pointer) : null;
  return match ? match[1] : undefined;
}

/** Pointer of a schema node by identity. */
export function pointerOf(kind: SchemaKind, node: unknown): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  return loadedSchema(kind).pointers.get(node);
}

/** JSON pointer of every object under the given roots (each with its own pointer), by identity. */
export function pointerIndex(roots: Array<[object, string]>): Map<object, string> {
  const pointers = new Map<object, string>();
  const stack: Array<[unknown, string]> = [...roots];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop() as [unknown, string];
    if (node === null || typeof node !== 'object' || pointers.has(node)) continue;
    pointers.set(node, pointer);
    for (const [key, child] of Object.entries(node)) stack.push([child, `${pointer}/${escapePointer(key)}`]);
  }
  return pointers;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
