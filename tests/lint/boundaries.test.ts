// The import-boundary rule (eslint.config.js, LAYERS) encodes docs/architecture.md's arrows:
// it fails on a deliberate violation and on an import cycle, and passes on the real tree.
import { ESLint } from 'eslint';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: ROOT });
// The boundary cases skip the cycle rule (it walks the whole import graph from every file).
const boundariesOnly = new ESLint({ cwd: ROOT, overrideConfig: { rules: { 'import-x/no-cycle': 'off' } } });
// Linting the tree takes seconds, more on a loaded machine.
const SLOW = 180_000;

/** The messages of the import rules for `code` linted as if it were the file `path` of src/. */
async function importProblems(path: string, code: string, linter = boundariesOnly): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('import-x/')).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the import-boundary rule', () => {
  it('fails when engine/ imports store/ (engine emits events; api/ persists them)', async () => {
    const problems = await importProblems('src/engine/x.ts', "import { readManifest } from '../store/index.js';\nexport const x = readManifest;\n");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^import-x\/no-restricted-paths: .*src\/engine\/ may import only compile, executors, runtimes/);
  });

  it('fails when cli/ reaches past api/ into exec/, and when a reporter imports the engine', async () => {
    expect(await importProblems('src/cli/x.ts', "import { signalAllGroups } from '../exec/index.js';\nexport const x = signalAllGroups;\n")).toHaveLength(1);
    expect(await importProblems('src/reporters/x.ts', "import { startEngine } from '../engine/index.js';\nexport const x = startEngine;\n")).toHaveLength(1);
  });

  it('passes the allowed arrows (engine -> compile, cli -> api)', async () => {
    expect(await importProblems('src/engine/x.ts', "import { compilePipeline } from '../compile/index.js';\nexport const x = compilePipeline;\n")).toEqual([]);
    expect(await importProblems('src/cli/x.ts', "import { runPipeline } from '../api/index.js';\nexport const x = runPipeline;\n")).toEqual([]);
  });

  it(
    'fails on an import cycle',
    async () => {
      // store/paths.ts imports store/ids.ts; an ids.ts that imports paths.ts back closes a cycle.
      const problems = await importProblems(
        'src/store/ids.ts',
        "import { runPaths } from './paths.js';\nexport const x = runPaths;\nexport function checkId(id: string): string { return id; }\n",
        eslint,
      );
      expect(problems.some((p) => p.startsWith('import-x/no-cycle'))).toBe(true);
    },
    SLOW,
  );

  it(
    'passes on the real tree (no boundary violation, no cycle, no other lint error)',
    async () => {
      const results = await eslint.lintFiles(['src']);
      const errors = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${r.filePath}:${m.line}: ${m.ruleId}: ${m.message}`));
      expect(errors).toEqual([]);
      expect(results.length).toBeGreaterThan(200);
    },
    SLOW,
  );
});
