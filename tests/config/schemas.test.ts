// The JSON Schemas are editor-friendly: every property documented with examples, closed objects, an $id.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaPath } from '../../src/config/index.js';

type Json = { [key: string]: unknown };

function load(kind: 'pipeline' | 'orchestrator'): Json {
  return JSON.parse(readFileSync(schemaPath(kind), 'utf8')) as Json;
}

/** Follows a local `#/definitions/x` reference. */
function deref(schema: Json, node: Json): Json {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  const name = ref.replace('#/definitions/', '');
  return { ...((schema.definitions as Record<string, Json>)[name] ?? {}), ...node };
}

/** Every `properties` entry of the schema, as [pointer, resolved property schema]. */
function properties(schema: Json): Array<[string, Json]> {
  const found: Array<[string, Json]> = [];
  const stack: Array<[unknown, string]> = [[schema, '']];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop() as [unknown, string];
    if (node === null || typeof node !== 'object') continue;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'properties' && child && typeof child === 'object') {
        for (const [name, prop] of Object.entries(child as Record<string, Json>)) found.push([`${pointer}/properties/${name}`, deref(schema, prop)]);
      }
      if (key !== 'examples') stack.push([child, `${pointer}/${key}`]);
    }
  }
  return found;
}

/** Every object-typed schema node (which must close itself with additionalProperties). */
function objectSchemas(schema: Json): Array<[string, Json]> {
  const found: Array<[string, Json]> = [];
  const stack: Array<[unknown, string]> = [[schema, '']];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop() as [unknown, string];
    if (node === null || typeof node !== 'object' || Array.isArray(node)) continue;
    const json = node as Json;
    if (json.type === 'object') found.push([pointer, json]);
    for (const [key, child] of Object.entries(json)) if (key !== 'examples') stack.push([child, `${pointer}/${key}`]);
  }
  return found;
}

describe.each(['pipeline', 'orchestrator'] as const)('%s schema', (kind) => {
  const schema = load(kind);

  it('has an $id, a draft and a top-level description', () => {
    expect(schema.$id).toMatch(new RegExp(`/${kind}\\.schema\\.json$`));
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(typeof schema.description).toBe('string');
  });

  it('documents every property with a description and examples', () => {
    const missing = properties(schema)
      .filter(([, prop]) => typeof prop.description !== 'string' || !Array.isArray(prop.examples) || prop.examples.length === 0)
      .map(([pointer]) => pointer);
    expect(missing).toEqual([]);
  });

  it('closes every object (additionalProperties: false or a value schema)', () => {
    const open = objectSchemas(schema)
      .filter(([, node]) => node.additionalProperties === undefined || node.additionalProperties === true)
      .map(([pointer]) => pointer);
    expect(open).toEqual([]);
  });

  it('lives where editors find it from pipelines/ and the project root', () => {
    expect(path.basename(schemaPath(kind))).toBe(`${kind}.schema.json`);
    expect(path.basename(path.dirname(schemaPath(kind)))).toBe('schemas');
  });
});
