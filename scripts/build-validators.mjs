#!/usr/bin/env node
// Build step: compiles the pipeline and orchestrator JSON Schemas with ajv once, at build time,
// into plain JavaScript (ajv "standalone" code) and writes it over the stub that tsc emitted:
//   dist/config/precompiled-schemas.js
// so `flowstate` does not compile schemas at every start (~150 ms). The module exports, per
// schema kind, the validator, one validator per `oneOf` branch (the error mapper re-validates the
// branch the author meant), the schema objects the error objects point into and the JSON pointer
// of each, so src/config/schemas.ts can still map `parentSchema` back to `/definitions/...`.
// Runs after tsc (it reads the ajv options from dist/config/schemas.js).
// Usage: node scripts/build-validators.mjs [--out FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { AJV_OPTIONS, ANNOTATION_KEYWORDS, pointerIndex, withoutAnnotations } from '../dist/config/schemas.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KINDS = { pipeline: 'pipeline.schema.json', orchestrator: 'orchestrator.schema.json' };
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'dist/config/precompiled-schemas.js');

/** ajv with the options of src/config/schemas.ts (read from tsc's output), emitting source code. */
function makeAjv() {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true, lines: false } });
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword(keyword);
  return ajv;
}

/** Pointers of every `oneOf` branch the error mapper may re-validate (a `$ref`'s target, else the branch). */
function branchPointers(pointers) {
  const result = new Set();
  for (const [node, pointer] of pointers) {
    if (!Array.isArray(node.oneOf)) continue;
    node.oneOf.forEach((branch, index) => {
      const ref = typeof branch.$ref === 'string' && branch.$ref.startsWith('#/definitions/') ? branch.$ref.slice(1) : undefined;
      result.add(ref ?? `${pointer}/oneOf/${index}`);
    });
  }
  return [...result].sort();
}

const ajv = makeAjv();
const refs = {};
const plan = {};
for (const [kind, file] of Object.entries(KINDS)) {
  const schema = withoutAnnotations(JSON.parse(readFileSync(path.join(root, 'schemas', file), 'utf8')));
  ajv.compile(schema);
  const pointers = pointerIndex([[schema, '']]);
  const subs = branchPointers(pointers).map((pointer, i) => ({ pointer, name: `${kind}_branch${i}` }));
  refs[`${kind}_main`] = schema.$id;
  // A `$ref`'d definition already has its own function inside the main validator: reuse it.
  const internal = ajv.refs[schema.$id]?.refs ?? {};
  for (const sub of subs) {
    const fn = internal[`${schema.$id}#${sub.pointer}`]?.validate;
    if (fn?.source?.validateName) sub.alias = String(fn.source.validateName);
    else refs[sub.name] = `${schema.$id}#${sub.pointer}`;
  }
  plan[kind] = { schema, pointers, subs };
}
let code = standalone(ajv, refs);
for (const { subs } of Object.values(plan)) {
  for (const sub of subs.filter((s) => s.alias !== undefined)) {
    if (!code.includes(`function ${sub.alias}(`)) throw new Error(`build-validators: ${sub.alias} (${sub.pointer}) is not in the generated code`);
    code += `\nexport const ${sub.name} = ${sub.alias};`;
  }
}

// ajv's ESM output still `require`s its runtime helpers: turn those into imports.
const imports = [];
code = code.replace(/require\("(ajv\/dist\/runtime\/[a-z0-9_]+)"\)/g, (_, mod) => {
  const name = `runtime_${imports.length}`;
  // Node gives a CommonJS module's `module.exports` as the default import, a bundler may give
  // its `exports.default`: accept both.
  imports.push(`import ${name}_module from "${mod}.js";\nconst ${name} = { default: ${name}_module.default ?? ${name}_module };`);
  return name;
});

// ajv embeds a literal copy of every schema object a validator reports in its errors
// (`verbose`), so the same subtrees appear many times. Emit each schema once (JSON.parse of a
// string is the fastest way to build it) and point every `schemaN` constant into it: smaller
// code, and error objects then point into one tree, as with ajv at run time.
const constants = ajv.scope._values.schema ?? new Map();
const tables = [];
const shared = [];
for (const [kind, { schema, pointers, subs }] of Object.entries(plan)) {
  const rootVar = `${kind}_schema`;
  shared.push(`const ${rootVar} = JSON.parse(${JSON.stringify(JSON.stringify(schema))});`);
  for (const [, name] of constants) {
    const ref = name.value?.ref;
    if (!pointers.has(ref)) continue;
    const declaration = `const ${name.str} = ${String(name.value.code)};`;
    if (!code.includes(declaration)) continue;
    code = code.split(declaration).join(`const ${name.str} = ${rootVar}${accessPath(pointers.get(ref))};`);
  }
  const sub = subs.map((s) => `${JSON.stringify(s.pointer)}: ${s.name}`).join(', ');
  tables.push(`  ${kind}: { id: ${JSON.stringify(schema.$id)}, schema: ${rootVar}, validate: ${kind}_main, sub: { ${sub} }, roots: [[${rootVar}, ""]] },`);
}
if (/const schema\d+ = \{/.test(code)) throw new Error('build-validators: a schema literal was left in the generated code');

/** `/definitions/a~1b/oneOf/0` as a property access: `["definitions"]["a/b"]["oneOf"][0]`. */
function accessPath(pointer) {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `[${JSON.stringify(s)}]`))
    .join('');
}

const banner = '// GENERATED by scripts/build-validators.mjs from schemas/*.schema.json at build time - do not edit.';
writeFileSync(out, `${banner}\n${imports.join('\n')}\n${shared.join('\n')}\n${code}\n\nexport const PRECOMPILED = {\n${tables.join('\n')}\n};\n`);
console.log(`build-validators: ${path.relative(root, out)} (${Math.round(code.length / 1024)} kB)`);
