// watchPipeline end to end, in-process: real files, real chokidar, real stage processes.
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, readRunManifest } from '../e2e/helpers.js';
import { renameSave, save, WatchProbe } from './helpers.js';

const probes: WatchProbe[] = [];
afterEach(async () => {
  for (const probe of probes.splice(0)) await probe.handle?.close();
});

async function watch(files: Record<string, string>, options: Parameters<WatchProbe['start']>[0]): Promise<WatchProbe> {
  const probe = new WatchProbe(makeProject(files));
  probes.push(probe);
  return probe.start(options);
}

describe('watchPipeline', () => {
  it('re-runs only the affected stage and those after it, with the changed files', async () => {
    const stages =
      '  a:\n    run: echo a >> ran.log\n    sources: [a.txt]\n' +
      '  b:\n    run: echo b >> ran.log\n    sources: [src/**/*.txt]\n' +
      '  c:\n    run: echo c >> ran.log; printf "%s" "$FLOWSTATE_CHANGED_FILES" > changed.txt\n';
    const probe = await watch({ 'p.yaml': pipelineYaml('p', stages), 'a.txt': 'a', 'src/b.txt': 'b' }, { pipeline: 'p.yaml' });
    const first = await probe.finishedRuns(1);
    expect(first.status).toBe('succeeded');
    save(probe.dir, 'src/b.txt', 'b2');
    const second = await probe.finishedRuns(2);
    expect(second.status).toBe('succeeded');
    const manifest = readRunManifest(probe.runs()[1].run_dir);
    expect(manifest.parent_run).toBe(first.run_id);
    expect(manifest.stages.a).toMatchObject({ status: 'succeeded', reason: 'cached: sources unchanged (1 file)', reused_from: first.run_id });
    expect(manifest.stages.b).toMatchObject({ status: 'succeeded', reason: 'sources changed: src/b.txt' });
    expect(manifest.stages.c.status).toBe('succeeded');
    expect(readFileSync(join(probe.dir, 'ran.log'), 'utf8')).toBe('a\nb\nc\nb\nc\n');
    expect(readFileSync(join(probe.dir, 'changed.txt'), 'utf8')).toBe('src/b.txt');
    expect(probe.of('watch.changed')[0]).toMatchObject({ paths: ['src/b.txt'], action: 'run' });
  });

  it('never triggers on generates, the runs dir, node_modules or .git', async () => {
    const stages = '  gen:\n    run: echo out > src/out.txt\n    sources: ["src/**"]\n    generates: [src/out.txt]\n';
    const probe = await watch({ 'p.yaml': pipelineYaml('p', stages), 'src/in.txt': '1' }, { pipeline: 'p.yaml' });
    await probe.finishedRuns(1);
    save(probe.dir, 'src/out.txt', 'by hand');
    mkdirSync(join(probe.dir, 'src/node_modules/m'), { recursive: true });
    save(probe.dir, 'src/node_modules/m/index.js', '');
    mkdirSync(join(probe.dir, '.git'), { recursive: true });
    save(probe.dir, '.git/HEAD', 'ref');
    save(probe.dir, '.runs/p/stray.txt', 'x');
    save(probe.dir, 'src/in.txt', '2');
    await probe.finishedRuns(2);
    expect(probe.runs().map((r) => r.changed)).toEqual([[], ['src/in.txt']]);
  });
});

describe('watchPipeline: what is watched', () => {
  it('follows watch: globs and nested pipeline files, and the sources of nested stages', async () => {
    const child = pipelineYaml('child', '  inner:\n    run: echo inner >> ran.log\n    sources: [lib/*.txt]\n');
    const parent = pipelineYaml('parent', '  sub:\n    pipeline: child.yaml\n  after:\n    run: echo after >> ran.log\n', 'watch: ["assets/**/*.css"]\n');
    const probe = await watch({ 'parent.yaml': parent, 'child.yaml': child, 'lib/a.txt': '1', 'assets/a.css': '' }, { pipeline: 'parent.yaml' });
    await probe.finishedRuns(1);
    save(probe.dir, 'assets/a.css', 'body {}');
    await probe.finishedRuns(2);
    save(probe.dir, 'lib/a.txt', '2');
    await probe.finishedRuns(3);
    save(probe.dir, 'child.yaml', child.replace('echo inner', 'echo inner2'));
    await probe.finishedRuns(4);
    expect(probe.runs().map((r) => r.changed)).toEqual([[], ['assets/a.css'], ['lib/a.txt'], ['child.yaml']]);
    expect(probe.of('watch.reloaded')).toHaveLength(1);
    expect(readFileSync(join(probe.dir, 'ran.log'), 'utf8')).toBe('inner\nafter\nafter\ninner\nafter\ninner2\nafter\n');
  });
});

describe('watchPipeline: saves', () => {
  const stages = '  s:\n    run: echo s >> ran.log\n    sources: ["src/**"]\n';

  it('turns 20 saves within the debounce window into one re-run', async () => {
    const probe = await watch({ 'p.yaml': pipelineYaml('p', stages), 'src/a.txt': '0', 'src/b.txt': '0' }, { pipeline: 'p.yaml', debounceMs: 400 });
    await probe.finishedRuns(1);
    for (let i = 1; i <= 20; i++) save(probe.dir, 'src/a.txt', String(i));
    await probe.finishedRuns(2);
    save(probe.dir, 'src/b.txt', 'sentinel');
    await probe.finishedRuns(3);
    expect(probe.runs().map((r) => r.changed)).toEqual([[], ['src/a.txt'], ['src/b.txt']]);
  });

  it('counts a rename-style save (temp file renamed over the original) once', async () => {
    const probe = await watch({ 'p.yaml': pipelineYaml('p', stages), 'src/a.txt': '0', 'src/b.txt': '0' }, { pipeline: 'p.yaml', debounceMs: 100 });
    await probe.finishedRuns(1);
    renameSave(probe.dir, 'src/a.txt', 'renamed');
    await probe.finishedRuns(2);
    save(probe.dir, 'src/b.txt', 'sentinel');
    await probe.finishedRuns(3);
    expect(probe.runs().map((r) => r.changed)).toEqual([[], ['src/a.txt'], ['src/b.txt']]);
  });

  it('counts a vim-style save (original renamed to a backup, new file written, backup deleted) once', async () => {
    const probe = await watch({ 'p.yaml': pipelineYaml('p', stages), 'src/a.txt': '0', 'src/b.txt': '0' }, { pipeline: 'p.yaml', debounceMs: 100 });
    await probe.finishedRuns(1);
    save(probe.dir, 'src/.a.txt.swp', 'swap');
    renameSync(join(probe.dir, 'src/a.txt'), join(probe.dir, 'src/a.txt~'));
    save(probe.dir, 'src/a.txt', 'vim');
    rmSync(join(probe.dir, 'src/a.txt~'));
    rmSync(join(probe.dir, 'src/.a.txt.swp'));
    await probe.finishedRuns(2);
    save(probe.dir, 'src/b.txt', 'sentinel');
    await probe.finishedRuns(3);
    expect(probe.runs().map((r) => r.changed)).toEqual([[], ['src/a.txt'], ['src/b.txt']]);
  });

  it('sees new files in new directories and deleted files', async () => {
    const probe = await watch({ 'p.yaml': pipelineYaml('p', stages), 'src/a.txt': '0' }, { pipeline: 'p.yaml' });
    await probe.finishedRuns(1);
    mkdirSync(join(probe.dir, 'src/deep/er'), { recursive: true });
    save(probe.dir, 'src/deep/er/new.txt', 'new');
    await probe.finishedRuns(2);
    rmSync(join(probe.dir, 'src/a.txt'));
    await probe.finishedRuns(3);
    expect(probe.runs().map((r) => r.changed)).toEqual([[], ['src/deep/er/new.txt'], ['src/a.txt']]);
    expect(readRunManifest(probe.runs()[2].run_dir).stages.s.reason).toBe('sources removed: src/a.txt');
  });
});
