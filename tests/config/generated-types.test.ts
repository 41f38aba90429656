// The committed document types must match what scripts/gen-types.mjs generates from the schemas.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const script = path.join(repoRoot, 'scripts/gen-types.mjs');
const scratch = mkdtempSync(path.join(tmpdir(), 'flowstate-gen-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `gen-types.mjs --check` against a root; returns its exit code and stderr. */
function check(root: string): { code: number; stderr: string } {
  try {
    execFileSync(process.execPath, [script, '--check', '--root', root], { cwd: repoRoot, stdio: 'pipe' });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failure = error as { status: number; stderr: Buffer };
    return { code: failure.status, stderr: failure.stderr.toString() };
  }
}

describe('generated document types', () => {
  it('are up to date with the schemas (run `node scripts/gen-types.mjs` to fix)', () => {
    expect(check(repoRoot)).toEqual({ code: 0, stderr: '' });
  });

  it('drift is detected when a schema changes', () => {
    for (const dir of ['schemas', 'src/model/generated']) cpSync(path.join(repoRoot, dir), path.join(scratch, dir), { recursive: true });
    const schemaFile = path.join(scratch, 'schemas/pipeline.schema.json');
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    schema.properties.description.description = 'Changed without regenerating.';
    writeFileSync(schemaFile, JSON.stringify(schema));
    const result = check(scratch);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('src/model/generated/pipeline-document.ts is out of date');
  });

  it('carry a header saying they are generated', () => {
    for (const name of ['pipeline-document.ts', 'orchestrator-document.ts']) {
      expect(readFileSync(path.join(repoRoot, 'src/model/generated', name), 'utf8')).toMatch(/^\/\/ GENERATED FILE - DO NOT EDIT\./);
    }
  });
});
