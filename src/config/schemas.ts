// The JSON Schemas of pipeline files and orchestrator.yaml, compiled once with ajv.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

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

function sharedAjv(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    // Annotations for editors (vscode-json-languageservice shows them as error messages).
    ajv.addKeyword('patternErrorMessage');
    ajv.addKeyword('errorMessage');
  }
  return ajv;
}

/** The compiled schema of a kind (loaded and compiled on first use). */
export function loadedSchema(kind: SchemaKind): LoadedSchema {
  const cached = loaded.get(kind);
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(schemaPath(kind), 'utf8')) as SchemaNode;
  const validate = sharedAjv().compile(schema);
  const entry: LoadedSchema = { schema, id: schema.$id ?? FILES[kind], validate, pointers: pointerIndex(schema) };
  loaded.set(kind, entry);
  return entry;
}

/** A validator for the sub-schema at `pointer` of a kind's schema. */
export function subValidator(kind: SchemaKind, pointer: string): ValidateFunction {
  const { id } = loadedSchema(kind);
  const validate = sharedAjv().getSchema(`${id}#${pointer}`);
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

function pointerIndex(root: object): Map<object, string> {
  const pointers = new Map<object, string>();
  const stack: Array<[unknown, string]> = [[root, '']];
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
