// Values you can trust (issue 10): the project root follows the pipeline file, pipeline names
// are unique and found as .yml too, and gc collects what piles up (cancelled runs, abandoned
// nested runs, stray temporary files) while keeping every known pipeline's cache. Real CLI.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, runCli } from './helpers.js';
import { ledger, onlyRunDir, startCli } from './crash-helpers.js';

describe('the project root without an orchestrator.yaml', () => {
  it('is the parent of the pipelines/ folder holding the file, not the current directory, and is printed', () => {
    const project = makeProject({ 'pipelines/ci.yaml': pipelineYaml('ci', '  a:\n    run: pwd > where.txt; mkdir -p coverage\n'), 'test/.keep': '' }, null);
    const run = runCli(join(project, 'test'), ['run', '../pipelines/ci.yaml']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`project root: ${project}`);
    expect(readFileSync(join(project, 'where.txt'), 'utf8').trim()).toBe(project);
    expect(readdirSync(join(project, 'test'))).toEqual(['.keep']);
    expect(existsSync(join(project, '.runs/ci'))).toBe(true);
    const loose = makeProject({ 'ops/deploy.yaml': pipelineYaml('deploy', '  a:\n    run: pwd > where.txt\n') }, null);
    expect(runCli(loose, ['run', 'ops/deploy.yaml']).code).toBe(0);
    expect(readFileSync(join(loose, 'ops/where.txt'), 'utf8').trim()).toBe(join(loose, 'ops'));
  });
});

describe('pipeline names and files', () => {
  it('`run NAME` finds pipelines/NAME.yml; two files with one name are an error naming both', () => {
    const project = makeProject({ 'pipelines/ci.yml': pipelineYaml('ci', '  a:\n    run: echo ci >> ledger\n') });
    expect(runCli(project, ['run', 'ci']).code).toBe(0);
    expect(ledger(project)).toEqual(['ci']);
    writeFileSync(join(project, 'pipelines/other.yaml'), pipelineYaml('ci', '  b:\n    run: echo other >> ledger\n'));
    const clash = runCli(project, ['run', 'ci']);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('pipelines/ci.yml:2:7: pipeline name `ci` is also declared by pipelines/other.yaml');
    const validated = runCli(project, ['validate']);
    expect(validated.code).toBe(2);
    expect(validated.stderr).toContain('pipelines/other.yaml:2:7: pipeline name `ci` is also declared by pipelines/ci.yml');
    expect(ledger(project)).toEqual(['ci']);
  });
});

describe('gc', () => {
  it('collects cancelled runs and abandoned nested runs under --keep, and stray *.tmp files', async () => {
    const child = pipelineYaml('child', '  c:\n    run: echo c >> ledger; sleep 30\n');
    const files = {
      'p.yaml': pipelineYaml('p', '  a:\n    run: echo a >> ledger; sleep 30\n'),
      'parent.yaml': pipelineYaml('parent', '  n:\n    pipeline: lib/child.yaml\n'),
      'lib/child.yaml': child,
    };
    const project = makeProject(files);
    for (let i = 1; i <= 3; i++) {
      const runner = startCli(project, ['run', 'p.yaml']);
      while (ledger(project).length < i) await delay(25);
      runner.child.kill('SIGINT');
      expect(await runner.exited).toBe(130);
    }
    const runner = startCli(project, ['run', 'parent.yaml']);
    while (!ledger(project).includes('c')) await delay(25);
    runner.child.kill('SIGKILL');
    await runner.exited;
    const childRun = onlyRunDir(project, 'child') as string;
    const dry = runCli(project, ['gc', '--keep', '0', '--dry-run']);
    expect(dry.stdout).toContain('would remove 3 run(s)');
    expect(dry.stdout).not.toContain(childRun.split('/').pop()); // its root run can still resume it in place
    rmSync(join(project, '.runs/parent'), { recursive: true }); // the root run is gone: its interrupted child is abandoned
    const newest = join(project, '.runs/p', readdirSync(join(project, '.runs/p')).sort().reverse()[0]);
    writeFileSync(join(newest, '.manifest.json.999999.ab12cd34.tmp'), '{');
    writeFileSync(join(newest, `.manifest.json.${process.pid}.ab12cd34.tmp`), '{');
    const gc = runCli(project, ['gc', '--keep', '1']);
    expect(gc.code).toBe(0);
    expect(gc.stdout).toContain('removed 2 run(s) and 0 cache entries and 1 stray temporary file(s)');
    expect(readdirSync(join(project, '.runs/p'))).toEqual([newest.split('/').pop()]);
    expect(existsSync(join(newest, '.manifest.json.999999.ab12cd34.tmp'))).toBe(false);
    expect(existsSync(join(newest, `.manifest.json.${process.pid}.ab12cd34.tmp`))).toBe(true); // its writer is alive
    expect(existsSync(childRun)).toBe(true); // the newest collectable run of its pipeline, kept by --keep 1
    expect(runCli(project, ['gc', '--keep', '0']).stdout).toContain('removed 2 run(s)');
    expect(existsSync(childRun)).toBe(false);
  });

  it('keeps the fingerprint cache of pipelines run by path and of nested pipelines', () => {
    const files = {
      'ci/build.yaml': pipelineYaml('build', '  compile:\n    run: echo compiled\n    sources: [src/**]\n  nest:\n    pipeline: lib/child.yaml\n'),
      'lib/child.yaml': pipelineYaml('child', '  pack:\n    run: echo packed\n    sources: [src/**]\n'),
      'src/a.txt': 'a',
    };
    const project = makeProject(files);
    expect(runCli(project, ['run', 'ci/build.yaml']).code).toBe(0);
    mkdirSync(join(project, '.runs/.cache/ghost'), { recursive: true });
    writeFileSync(join(project, '.runs/.cache/ghost/x.json'), '{}');
    const gc = runCli(project, ['gc']);
    expect(gc.stdout).toContain('removed 0 run(s) and 1 cache entry');
    expect(existsSync(join(project, '.runs/.cache/build/compile.json'))).toBe(true);
    expect(existsSync(join(project, '.runs/.cache/child/pack.json'))).toBe(true);
  });
});
