#!/usr/bin/env node
// Generates the TypeScript document types of the YAML files from their JSON Schemas:
//   schemas/pipeline.schema.json     -> src/model/generated/pipeline-document.ts
//   schemas/orchestrator.schema.json -> src/model/generated/orchestrator-document.ts
// Usage: node scripts/gen-types.mjs [--check] [--root DIR]
//   --check  regenerate in memory and exit 1 when a committed file differs (nothing is written)
//   --root   repository root to read schemas from and write types to (default: this repository)
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

/** The schema -> generated file pairs, relative to the repository root, with the root type name. */
export const TARGETS = [
  { schema: 'schemas/pipeline.schema.json', out: 'src/model/generated/pipeline-document.ts', rootType: 'PipelineDocument' },
  { schema: 'schemas/orchestrator.schema.json', out: 'src/model/generated/orchestrator-document.ts', rootType: 'OrchestratorDocument' },
];

function banner(schemaPath) {
  return [
    '// GENERATED FILE - DO NOT EDIT.',
    `// Generated from ${schemaPath} by \`node scripts/gen-types.mjs\`; tests/config/generated-types.test.ts`,
    '// fails when this file and the schema drift apart. Edit the schema, then regenerate.',
    '/* eslint-disable */',
  ].join('\n');
}

/** Compiles one schema into TypeScript source (deterministic: same schema, same text). */
export async function generateTypes(root, target) {
  const schema = JSON.parse(await readFile(path.join(root, target.schema), 'utf8'));
  return compile(schema, target.rootType, {
    bannerComment: banner(target.schema),
    cwd: path.join(root, path.dirname(target.schema)),
    additionalProperties: false,
    strictIndexSignatures: true,
    ignoreMinAndMaxItems: true,
    unreachableDefinitions: false,
    format: true,
    style: { singleQuote: true, printWidth: 110 },
    // The root schema is named by the target, not by its $id or title.
    customName: (node) => (node.$id === schema.$id ? target.rootType : undefined),
  });
}

async function main(argv) {
  const check = argv.includes('--check');
  const rootIndex = argv.indexOf('--root');
  const defaultRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const root = rootIndex >= 0 ? path.resolve(argv[rootIndex + 1] ?? '.') : defaultRoot;
  let drifted = 0;
  for (const target of TARGETS) {
    const text = await generateTypes(root, target);
    const outPath = path.join(root, target.out);
    if (check) {
      const committed = await readFile(outPath, 'utf8').catch(() => null);
      if (committed !== text) {
        drifted += 1;
        process.stderr.write(`${target.out} is out of date with ${target.schema}; run node scripts/gen-types.mjs\n`);
      }
      continue;
    }
    await mkdir(path.dirname(outPath), { recursive: true });
    await writeFile(outPath, text);
    process.stdout.write(`wrote ${target.out}\n`);
  }
  process.exitCode = drifted > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
