// The validators that `npm run build` compiles ahead of time (scripts/build-validators.mjs)
// behave exactly like the schemas compiled by ajv at run time: same verdict and same errors on
// every fixture, and every schema object an error points at maps to the same JSON pointer, so
// the error mapper (schema-validate.ts) explains both alike. Needs dist/ (npm test builds first).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedSchema, pointerIndex, pointerOf, subValidator, type SchemaKind } from '../../src/config/schemas.js';
import type { PrecompiledSchema } from '../../src/config/precompiled-schemas.js';
import { REPO } from '../e2e/helpers.js';

const INVALID = join(REPO, 'tests/fixtures/invalid');

/** Every YAML document of a kind in the repository's examples and fixtures. */
function documents(kind: SchemaKind): Array<[string, unknown]> {
  const files: string[] = [];
  if (kind === 'pipeline') {
    for (const name of readdirSync(join(REPO, 'pipelines'))) if (name.endsWith('.yaml')) files.push(join(REPO, 'pipelines', name));
  } else files.push(join(REPO, 'orchestrator.yaml'));
  for (const name of readdirSync(INVALID)) {
    const file = join(INVALID, name, `${kind}.yaml`);
    if (readdirSync(join(INVALID, name)).includes(`${kind}.yaml`)) files.push(file);
  }
  const docs: Array<[string, unknown]> = [];
  for (const file of files) {
    try {
      docs.push([file.slice(REPO.length + 1), parse(readFileSync(file, 'utf8'), { logLevel: 'silent' }) as unknown]);
    } catch {
      // YAML-level fixtures (syntax errors, alias bombs) never reach the schema
    }
  }
  return docs;
}

/** What the error mapper reads from an error, with the schema objects replaced by their pointers. */
function shape(errors: readonly ErrorObject[] | null | undefined, pointer: (node: unknown) => string | undefined): unknown[] {
  return (errors ?? []).map((e) => ({
    instancePath: e.instancePath,
    schemaPath: e.schemaPath,
    keyword: e.keyword,
    params: e.params,
    message: e.message,
    data: e.data,
    parentSchema: pointer(e.parentSchema),
    schema: e.schema !== null && typeof e.schema === 'object' ? JSON.stringify(e.schema) : e.schema,
  }));
}

let generated: Record<SchemaKind, PrecompiledSchema>;
// Inside the repository, so the generated code's `ajv/dist/runtime/...` imports resolve.
const out = join(REPO, '.tmp', `precompiled-${process.pid}.js`);

beforeAll(async () => {
  mkdirSync(join(REPO, '.tmp'), { recursive: true });
  execFileSync(process.execPath, [join(REPO, 'scripts/build-validators.mjs'), '--out', out], { stdio: 'pipe' });
  generated = ((await import(pathToFileURL(out).href)) as { PRECOMPILED: Record<SchemaKind, PrecompiledSchema> }).PRECOMPILED;
}, 60_000);

afterAll(() => rmSync(out, { force: true }));

describe.each(['pipeline', 'orchestrator'] as const)('precompiled %s schema', (kind) => {
  it('gives the same verdict and errors as ajv at run time, on every example and fixture', () => {
    const runtime = loadedSchema(kind);
    const precompiled = generated[kind];
    const docs = documents(kind);
    expect(docs.length).toBeGreaterThan(kind === 'pipeline' ? 40 : 3);
    let invalid = 0;
    for (const [file, doc] of docs) {
      const expected = runtime.validate(doc);
      const expectedErrors = shape(runtime.validate.errors, (node) => pointerOf(kind, node));
      expect(precompiled.validate(doc), file).toBe(expected);
      const pointers = pointerIndex(precompiled.roots);
      expect(
        shape(precompiled.validate.errors, (node) => pointers.get(node as object)),
        file,
      ).toEqual(expectedErrors);
      if (!expected) invalid++;
    }
    expect(invalid).toBeGreaterThanOrEqual(kind === 'pipeline' ? 30 : 2);
  });

  it('has a validator for every oneOf branch, equivalent to the run-time one', () => {
    const precompiled = generated[kind];
    const pointers = Object.keys(precompiled.sub);
    expect(pointers.length).toBeGreaterThan(2);
    for (const pointer of pointers) {
      const runtime: ValidateFunction = subValidator(kind, pointer);
      for (const [file, doc] of documents(kind)) {
        expect(precompiled.sub[pointer](doc), `${file} at ${pointer}`).toBe(runtime(doc));
      }
    }
  });
});
