// End-to-end runs that check processes: timeouts that kill whole groups, parallel groups with
// fail_fast, nested pipelines, --target/--from, and template injection attempts.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/index.js';
import { groupAlive, makeProject, pidAlive, pipelineYaml, readEvents, readRunManifest } from './helpers.js';

// A stage that ignores SIGTERM and starts a grandchild that ignores it too; both pids on disk.
const STUBBORN = `trap '' TERM; (trap '' TERM; echo $$ > /dev/null; sleep 30) & echo $! > grandchild.pid; echo started; sleep 30`;

/** The pgid (= pid) each stage ran in, from the journal (stage.finished records it). */
function startedPids(runDir: string): Map<string, number> {
  const pids = new Map<string, number>();
  for (const e of readEvents(runDir)) if (e.type === 'stage.finished' && typeof e.pid === 'number') pids.set(e.stage, e.pid);
  return pids;
}

describe('process handling', () => {
  it('times out a stage that ignores SIGTERM, killing its grandchild too', async () => {
    const dir = makeProject({ 'p.yaml': pipelineYaml('p', `  slow:\n    run: "${STUBBORN}"\n    timeout: 300ms\n`) });
    const result = await runPipeline({ cwd: dir, pipeline: 'p.yaml', killGraceMs: 200 });
    expect(result.status).toBe('failed');
    const manifest = readRunManifest(result.run_dir);
    expect(manifest.stages.slow.status).toBe('timed_out');
    expect(manifest.stages.slow.signal).toBe('SIGKILL');
    const pgid = startedPids(result.run_dir).get('slow') as number;
    const grandchild = Number(readFileSync(join(dir, 'grandchild.pid'), 'utf8'));
    expect(groupAlive(pgid)).toBe(false);
    expect(pidAlive(grandchild)).toBe(false);
  });

  it('cancels the siblings of a failed branch under fail_fast, leaving no process', async () => {
    const stages =
      `  checks:\n    fail_fast: true\n    parallel:\n      bad:\n        run: sleep 0.2; exit 4\n` +
      `      long:\n        run: "${STUBBORN}"\n      quick:\n        run: echo quick\n  after:\n    run: echo after\n`;
    const dir = makeProject({ 'p.yaml': pipelineYaml('p', stages) });
    // All three branches run at once (the run's default limit is the number of CPUs).
    const result = await runPipeline({ cwd: dir, pipeline: 'p.yaml', killGraceMs: 200, maxParallel: 3 });
    expect(result.status).toBe('failed');
    const manifest = readRunManifest(result.run_dir);
    expect(manifest.stages.bad.status).toBe('failed');
    expect(manifest.stages.long.status).toBe('cancelled');
    expect(manifest.stages.quick.status).toBe('succeeded');
    expect(manifest.stages.checks.status).toBe('failed');
    expect(manifest.stages.after.status).toBe('pending');
    const pgid = startedPids(result.run_dir).get('long') as number;
    expect(groupAlive(pgid)).toBe(false);
    expect(pidAlive(Number(readFileSync(join(dir, 'grandchild.pid'), 'utf8')))).toBe(false);
  });

  it('joins a parallel group when every branch succeeded', async () => {
    const stages = `  g:\n    parallel:\n      x:\n        run: sleep 0.1; echo x=1 >> "$FLOWSTATE_OUTPUT"\n      y:\n        run: echo y\n  z:\n    run: echo "\${{ stages.x.outputs.x }}" > z.txt\n`;
    const dir = makeProject({ 'p.yaml': pipelineYaml('p', stages) });
    const result = await runPipeline({ cwd: dir, pipeline: 'p.yaml' });
    expect(result.status).toBe('succeeded');
    expect(readFileSync(join(dir, 'z.txt'), 'utf8')).toBe('1\n');
    expect(readRunManifest(result.run_dir).stages.g.status).toBe('succeeded');
  });

  it('runs a nested pipeline as its own run and passes its outputs on', async () => {
    const child = pipelineYaml('child', '  v:\n    run: echo "version=${{ inputs.name }}-1.0" >> "$FLOWSTATE_OUTPUT"\n', 'inputs:\n  name: { type: string }\n');
    const parent = pipelineYaml('parent', '  sub:\n    pipeline: child.yaml\n    with: { name: lib }\n  use:\n    run: echo "${{ stages.sub.outputs.version }}" > out.txt\n');
    const dir = makeProject({ 'parent.yaml': parent, 'child.yaml': child });
    const result = await runPipeline({ cwd: dir, pipeline: 'parent.yaml' });
    expect(result.status).toBe('succeeded');
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('lib-1.0\n');
    const childRuns = readdirSync(join(dir, '.runs/child'));
    expect(childRuns).toHaveLength(1);
    const childManifest = readRunManifest(join(dir, '.runs/child', childRuns[0]));
    expect(childManifest.parent_run).toBe(result.run_id);
    expect(childManifest.status).toBe('succeeded');
  });

  it('--target runs the stage and what it needs; --from starts at a stage', async () => {
    const stages = '  a:\n    run: echo a=1 >> "$FLOWSTATE_OUTPUT"\n  b:\n    run: echo b\n  c:\n    run: echo "${{ stages.a.outputs.a }}"\n  d:\n    run: echo d\n';
    const dir = makeProject({ 'p.yaml': pipelineYaml('p', stages) });
    const target = await runPipeline({ cwd: dir, pipeline: 'p.yaml', target: 'c' });
    const t = readRunManifest(target.run_dir).stages;
    expect([t.a.status, t.b.status, t.c.status, t.d.status]).toEqual(['succeeded', 'skipped', 'succeeded', 'skipped']);
    const from = await runPipeline({ cwd: dir, pipeline: 'p.yaml', from: 'c' });
    const f = readRunManifest(from.run_dir).stages;
    // `a` stands for its success in the --target run (c reads its output); nothing ever ran `b`.
    expect([f.a.status, f.b.status, f.c.status, f.d.status]).toEqual(['succeeded', 'skipped', 'succeeded', 'succeeded']);
    expect(f.a.reused_from).toBe(target.run_id);
    expect(
      readEvents(from.run_dir)
        .filter((e) => e.type === 'stage.skipped')
        .every((e) => e.type === 'stage.skipped' && e.reason === 'target'),
    ).toBe(true);
  });

  it('keeps injection attempts inert in shell and argv forms', async () => {
    const hostile = ["'; touch pwned1 #", '$(touch pwned2)', '`touch pwned3`', '"; touch pwned4; "'];
    const stages =
      '  shell_plain:\n    run: echo ${{ inputs.v }} >> seen.txt\n' +
      "  shell_single:\n    run: echo '${{ inputs.v }}' >> seen.txt\n" +
      '  shell_double:\n    run: echo "x ${{ inputs.v }}" >> seen.txt\n' +
      '  argv:\n    run: [sh, -c, \'printf "%s\\n" "$1" >> seen.txt\', sh, "${{ inputs.v }}"]\n';
    for (const value of hostile) {
      const dir = makeProject({ 'p.yaml': pipelineYaml('p', stages, 'inputs:\n  v: { type: string }\n') });
      const result = await runPipeline({ cwd: dir, pipeline: 'p.yaml', inputs: { v: value } });
      expect(result.status).toBe('succeeded');
      expect(readdirSync(dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
      expect(readFileSync(join(dir, 'seen.txt'), 'utf8').split('\n').filter(Boolean)).toEqual([value, value, `x ${value}`, value]);
    }
  });

  it('cancels a run through its AbortSignal and leaves no process behind', async () => {
    const dir = makeProject({ 'p.yaml': pipelineYaml('p', `  slow:\n    run: "${STUBBORN}"\n  next:\n    run: echo never\n`) });
    const controller = new AbortController();
    const running = runPipeline({ cwd: dir, pipeline: 'p.yaml', signal: controller.signal, killGraceMs: 200 });
    while (!existsSync(join(dir, 'grandchild.pid'))) await delay(20);
    controller.abort();
    const result = await running;
    expect(result.status).toBe('cancelled');
    const manifest = readRunManifest(result.run_dir);
    expect(manifest.status).toBe('cancelled');
    expect(manifest.stages.slow.status).toBe('cancelled');
    expect(manifest.stages.next.status).toBe('pending');
    expect(pidAlive(Number(readFileSync(join(dir, 'grandchild.pid'), 'utf8')))).toBe(false);
  });
});
