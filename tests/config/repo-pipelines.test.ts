// Every pipeline shipped in pipelines/ loads against the repository's own orchestrator.yaml.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrchestrator, loadPipelineFile } from '../../src/config/index.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const dir = path.join(repoRoot, 'pipelines');
const files = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
  : [];

describe.skipIf(files.length === 0)('pipelines/*.yaml', () => {
  const orchestrator = loadOrchestrator({ cwd: repoRoot });

  it.each(files)('%s loads without errors or warnings', (file) => {
    const loaded = loadPipelineFile(path.join(dir, file), { root: repoRoot, orchestrator });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.pipeline.stages.length).toBeGreaterThan(0);
  });

  it.each(files)('%s starts with the schema modeline for editors', (file) => {
    const firstLine = readFileSync(path.join(dir, file), 'utf8').split('\n')[0];
    expect(firstLine).toBe('# yaml-language-server: $schema=../schemas/pipeline.schema.json');
  });
});
