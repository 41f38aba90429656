// Golden tests: every tests/fixtures/invalid/<case>/ is loaded and its diagnostics compared with
// expected.txt (`file:line:col: message`, paths relative to the repository root).
// UPDATE_GOLDEN=1 rewrites the goldens.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrchestrator, loadPipelineFile } from '../../src/config/index.js';
import { formatDiagnostic, ValidationError } from '../../src/errors/index.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const casesDir = path.join(repoRoot, 'tests/fixtures/invalid');
const cases = readdirSync(casesDir)
  .filter((name) => existsSync(path.join(casesDir, name, 'pipeline.yaml')))
  .sort();
const toRepo = (abs: string) => path.relative(repoRoot, abs).split(path.sep).join('/');

/** The diagnostics of one case as golden lines (warnings of a valid pipeline included). */
function diagnosticsOf(caseDir: string): string[] {
  try {
    const orchestrator = existsSync(path.join(caseDir, 'orchestrator.yaml')) ? loadOrchestrator({ cwd: caseDir }) : undefined;
    const loaded = loadPipelineFile(path.join(caseDir, 'pipeline.yaml'), { root: caseDir, orchestrator, displayPath: toRepo });
    return loaded.warnings.map(formatDiagnostic);
  } catch (error) {
    if (error instanceof ValidationError) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
}

describe('invalid pipeline fixtures', () => {
  it('has at least 45 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });

  it.each(cases)('%s', (name) => {
    const caseDir = path.join(casesDir, name);
    const lines = diagnosticsOf(caseDir);
    expect(lines.length, 'a fixture must produce at least one diagnostic').toBeGreaterThan(0);
    const goldenFile = path.join(caseDir, 'expected.txt');
    const actual = `${lines.join('\n')}\n`;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenFile, actual);
    expect(actual).toBe(readFileSync(goldenFile, 'utf8'));
  });
});
