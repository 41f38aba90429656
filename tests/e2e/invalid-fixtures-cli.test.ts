// Every tests/fixtures/invalid/<case> through the real CLI: exit 2 (0 when the case only
// warns), no stack trace, and exactly the golden `file:line:col: message` lines on stderr.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI, REPO } from './helpers.js';

const run = promisify(execFile);
const CASES_DIR = join(REPO, 'tests/fixtures/invalid');
const CASES = readdirSync(CASES_DIR)
  .filter((name) => existsSync(join(CASES_DIR, name, 'pipeline.yaml')))
  .sort();
// Cases without their own orchestrator.yaml get one that maps every role, so the CLI reports
// exactly what the loader reports for the pipeline alone.
const DEFAULT_ORCHESTRATOR = 'version: 1\nruntimes:\n  local: { adapter: command, command: [node, agent.mjs] }\nruntime_profile: { default: local }\n';

interface CaseResult {
  name: string;
  code: number;
  stderr: string;
  golden: string[];
}

/** Copies a case into its own project and validates it with the CLI from there. */
async function validateCase(name: string): Promise<CaseResult> {
  const dir = join(mkdtempSync(join(tmpdir(), 'flowstate-fixture-')), name);
  cpSync(join(CASES_DIR, name), dir, { recursive: true });
  if (!existsSync(join(dir, 'orchestrator.yaml'))) writeFileSync(join(dir, 'orchestrator.yaml'), DEFAULT_ORCHESTRATOR);
  const prefix = `tests/fixtures/invalid/${name}/`;
  const golden = readFileSync(join(dir, 'expected.txt'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(prefix).join(''));
  try {
    const out = await run(process.execPath, [CLI, 'validate', 'pipeline.yaml'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    return { name, code: 0, stderr: out.stderr, golden };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { name, code: failed.code, stderr: failed.stderr, golden };
  }
}

/** Runs all cases, four at a time. */
async function validateAll(): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  const queue = [...CASES];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let name = queue.shift(); name; name = queue.shift()) results.push(await validateCase(name));
    }),
  );
  return results.sort((a, b) => a.name.localeCompare(b.name));
}

describe('invalid fixtures through the CLI', () => {
  it('exit 2 with exactly the golden lines and no stack trace, for every case', async () => {
    const results = await validateAll();
    expect(results.length).toBeGreaterThanOrEqual(40);
    for (const r of results) {
      const warningsOnly = r.golden.every((line) => / warning: /.test(line));
      expect(r.code, r.name).toBe(warningsOnly ? 0 : 2);
      expect(r.stderr, r.name).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(r.stderr.split('\n').filter(Boolean), r.name).toEqual(r.golden);
    }
  }, 300_000); // ~85 CLI start-ups, four at a time: minutes on a loaded 2-core machine
});
