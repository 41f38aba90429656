// Fingerprints through real runs: skipped stages, why stages ran, --force, failures, --dry-run.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRun, runPipeline } from '../../src/index.js';
import { makeProject, pipelineYaml, readEvents, readRunManifest } from '../e2e/helpers.js';

const STAGES =
  '  a:\n    run: cat a.txt > out-a.txt; echo a >> ran.log\n    sources: [a.txt]\n    generates: [out-a.txt]\n' +
  '  b:\n    run: echo b >> ran.log\n    sources: [b.txt]\n' +
  '  c:\n    run: echo c >> ran.log\n';

function project(): string {
  return makeProject({ 'p.yaml': pipelineYaml('p', STAGES), 'a.txt': 'a1', 'b.txt': 'b1' });
}

/** Stage ids in the order they ran during the run, read from ran.log growth. */
function ranSince(dir: string, before: number): string[] {
  return readFileSync(join(dir, 'ran.log'), 'utf8').split('\n').filter(Boolean).slice(before);
}

function lines(dir: string): number {
  return existsSync(join(dir, 'ran.log')) ? readFileSync(join(dir, 'ran.log'), 'utf8').split('\n').filter(Boolean).length : 0;
}

describe('fingerprints in runs', () => {
  it('skips unchanged stages and records why each stage ran or was skipped', async () => {
    const dir = project();
    const first = await runPipeline({ cwd: dir, pipeline: 'p.yaml' });
    expect(first.status).toBe('succeeded');
    expect(ranSince(dir, 0)).toEqual(['a', 'b', 'c']);
    expect(readRunManifest(first.run_dir).stages.a.reason).toBe('no fingerprint yet (first run)');

    const second = await runPipeline({ cwd: dir, pipeline: 'p.yaml' });
    expect(ranSince(dir, 3)).toEqual(['c']);
    const stages = readRunManifest(second.run_dir).stages;
    expect(stages.a).toMatchObject({ status: 'succeeded', reason: 'cached: sources unchanged (1 file)', reused_from: first.run_id });
    expect(stages.b).toMatchObject({ status: 'succeeded', reused_from: first.run_id });
    expect(stages.c).toMatchObject({ status: 'succeeded', reason: null });

    writeFileSync(join(dir, 'b.txt'), 'b2');
    const third = await runPipeline({ cwd: dir, pipeline: 'p.yaml' });
    expect(ranSince(dir, 4)).toEqual(['b', 'c']);
    const started = readEvents(third.run_dir).find((e) => e.type === 'stage.started' && e.stage === 'b');
    expect(started).toMatchObject({ run_reason: 'sources changed: b.txt' });
    expect(readRunManifest(third.run_dir).stages.b).toMatchObject({ status: 'succeeded', reason: 'sources changed: b.txt' });
  });

  it('re-runs a stage whose generates were deleted, and everything with force', async () => {
    const dir = project();
    await runPipeline({ cwd: dir, pipeline: 'p.yaml' });
    rmSync(join(dir, 'out-a.txt'));
    const again = await runPipeline({ cwd: dir, pipeline: 'p.yaml' });
    expect(readRunManifest(again.run_dir).stages.a.reason).toBe('generates missing: out-a.txt');
    const forced = await runPipeline({ cwd: dir, pipeline: 'p.yaml', force: true });
    expect(Object.values(readRunManifest(forced.run_dir).stages).map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('stores no fingerprint for a failed stage, nor for a dry run', async () => {
    const dir = makeProject({ 'p.yaml': pipelineYaml('p', '  x:\n    run: exit 3\n    sources: [a.txt]\n'), 'a.txt': 'a' });
    planRun({ cwd: dir, pipeline: 'p.yaml' });
    expect(existsSync(join(dir, '.runs/.cache'))).toBe(false);
    const failed = await runPipeline({ cwd: dir, pipeline: 'p.yaml' });
    expect(failed.status).toBe('failed');
    expect(existsSync(join(dir, '.runs/.cache/p/x.json'))).toBe(false);
    const again = await runPipeline({ cwd: dir, pipeline: 'p.yaml' });
    expect(readRunManifest(again.run_dir).stages.x.status).toBe('failed');
  });

  it('re-runs when the rendered command changes with an input', async () => {
    const dir = makeProject({
      'p.yaml': pipelineYaml('p', '  x:\n    run: echo ${{ inputs.v }} >> ran.log\n    sources: [a.txt]\n', 'inputs:\n  v: { type: string }\n'),
      'a.txt': 'a',
    });
    await runPipeline({ cwd: dir, pipeline: 'p.yaml', inputs: { v: '1' } });
    const same = await runPipeline({ cwd: dir, pipeline: 'p.yaml', inputs: { v: '1' } });
    expect(readRunManifest(same.run_dir).stages.x.reason).toMatch(/^cached: /);
    const other = await runPipeline({ cwd: dir, pipeline: 'p.yaml', inputs: { v: '2' } });
    expect(readRunManifest(other.run_dir).stages.x.reason).toBe('command, env or cwd changed');
    expect(lines(dir)).toBe(2);
  });
});
