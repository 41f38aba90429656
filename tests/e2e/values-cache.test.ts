// Values you can trust (issue 10): a stage skipped by its fingerprint keeps its success and its
// outputs, so later stages read the same values as after a real run (real CLI, real processes).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, readEvents, readRunManifest, runCli, runJson } from './helpers.js';

const VER =
  '  ver:\n    run: echo v=42 >> "$FLOWSTATE_OUTPUT"; echo ver >> ran.log\n    sources: [src/**]\n' +
  '  use:\n    run: echo "use got ${{ stages.ver.outputs.v }}" >> ran.log\n' +
  "  gate:\n    if: stages.ver.status == 'succeeded'\n    run: echo gate ran >> ran.log\n";

describe('a stage skipped by its fingerprint', () => {
  it('keeps its outputs and its success, and names the run it reuses', () => {
    const project = makeProject({ 'p.yaml': pipelineYaml('p', VER), 'src/a.txt': 'a' });
    const first = runJson(project, ['p.yaml']);
    expect(first.status).toBe('succeeded');
    const second = runCli(project, ['run', 'p.yaml']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`✓ ver  cached: sources unchanged (1 file); reused run ${first.run_id}`);
    expect(readFileSync(join(project, 'ran.log'), 'utf8')).toBe('ver\nuse got 42\ngate ran\nuse got 42\ngate ran\n');
    const runDir = join(project, '.runs/p', JSON.parse(runCli(project, ['runs', '--json']).stdout)[0].run_id);
    const ver = readRunManifest(runDir).stages.ver;
    expect(ver).toMatchObject({ status: 'succeeded', outputs: { v: '42' }, reused_from: first.run_id });
    expect(ver.reason).toMatch(/^cached: sources unchanged/);
    const skip = readEvents(runDir).find((e) => e.type === 'stage.skipped');
    expect(skip).toMatchObject({ stage: 'ver', reason: 'cached', reused_from: first.run_id, outputs: { v: '42' } });
    expect(runCli(project, ['run', 'p.yaml', '--force']).code).toBe(0); // --force ignores the fingerprint
    expect(
      readFileSync(join(project, 'ran.log'), 'utf8')
        .split('\n')
        .filter((l) => l === 'ver'),
    ).toHaveLength(2);
  });

  it('never hands on a masked secret: a stage whose outputs held one runs again', () => {
    const stages = '  tok:\n    run: echo "t=$API_TOKEN" >> "$FLOWSTATE_OUTPUT"; echo tok >> ran.log\n    sources: [src/**]\n';
    const project = makeProject({ 'p.yaml': pipelineYaml('p', stages), 'src/a.txt': 'a' });
    const env = { API_TOKEN: 'hunter22' };
    expect(runJson(project, ['p.yaml'], env).status).toBe('succeeded');
    const second = runJson(project, ['p.yaml'], env);
    expect(second.status).toBe('succeeded');
    expect(readFileSync(join(project, 'ran.log'), 'utf8')).toBe('tok\ntok\n');
    const started = readEvents(second.run_dir).find((e) => e.type === 'stage.started' && e.stage === 'tok');
    expect(started).toMatchObject({ run_reason: 'its outputs held a secret, which the cache keeps masked' });
    expect(readFileSync(join(project, '.runs/.cache/p/tok.json'), 'utf8')).not.toContain('hunter22');
  });

  it('minimist-style: `build` is cached and `smoke` still receives the tarball name', () => {
    const stages =
      '  build:\n    run: tar czf pkg-1.0.0.tgz src && echo tarball=pkg-1.0.0.tgz >> "$FLOWSTATE_OUTPUT" && echo build >> ran.log\n' +
      '    sources: [src/**]\n    generates: [pkg-1.0.0.tgz]\n' +
      '  smoke:\n    run: [sh, -c, \'tar tzf "$0" > listed.txt && echo "smoke $0" >> ran.log\', "${{ stages.build.outputs.tarball }}"]\n';
    const project = makeProject({ 'pipelines/release.yaml': pipelineYaml('release', stages), 'src/index.js': 'module.exports = 1;\n' });
    expect(runCli(project, ['run', 'release']).code).toBe(0);
    const again = runCli(project, ['run', 'release']);
    expect(again.code).toBe(0);
    expect(readFileSync(join(project, 'ran.log'), 'utf8')).toBe('build\nsmoke pkg-1.0.0.tgz\nsmoke pkg-1.0.0.tgz\n');
    expect(readFileSync(join(project, 'listed.txt'), 'utf8')).toContain('src/index.js');
    writeFileSync(join(project, 'src/index.js'), 'module.exports = 2;\n');
    expect(runCli(project, ['run', 'release']).code).toBe(0);
    expect(readFileSync(join(project, 'ran.log'), 'utf8').split('\n').filter(Boolean)).toHaveLength(5);
  });
});
