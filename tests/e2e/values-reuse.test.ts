// Values you can trust (issue 10): stages skipped by --from/--target and the succeeded branches
// of a retried parallel group stand for their earlier success, outputs included (real CLI).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, readRunManifest, runCli, runJson, type RunJson } from './helpers.js';
import { ledger } from './crash-helpers.js';

const CHAIN =
  '  a:\n    run: echo "v=$(cat v.txt)" >> "$FLOWSTATE_OUTPUT"; echo a >> ledger\n' +
  "  b:\n    if: stages.a.status == 'succeeded'\n    run: echo b >> ledger\n" +
  '  c:\n    run: echo "c got ${{ stages.a.outputs.v }}" >> ledger\n';

describe('run --from / --target', () => {
  it('reuse the outputs and success of the skipped stages from the newest run where they succeeded, and name it', () => {
    const project = makeProject({ 'p.yaml': pipelineYaml('p', CHAIN), 'v.txt': '1' });
    const first = runJson(project, ['p.yaml']);
    writeFileSync(join(project, 'v.txt'), '2');
    const second = runJson(project, ['p.yaml']);
    expect([first.status, second.status]).toEqual(['succeeded', 'succeeded']);
    const from = runCli(project, ['run', 'p.yaml', '--from', 'b']);
    expect(from.code).toBe(0);
    expect(from.stdout).toContain(`✓ a  not selected; reused run ${second.run_id}`);
    expect(ledger(project)).toEqual(['a', 'b', 'c got 1', 'a', 'b', 'c got 2', 'b', 'c got 2']);
    const runs = JSON.parse(runCli(project, ['runs', '--json']).stdout) as { run_id: string }[];
    const a = readRunManifest(join(project, '.runs/p', runs[0].run_id)).stages.a;
    expect(a).toMatchObject({ status: 'succeeded', outputs: { v: '2' }, reused_from: second.run_id, attempts: 1 });
    const target = runJson(project, ['p.yaml', '--target', 'b']);
    expect(target.status).toBe('succeeded');
    expect(readRunManifest(target.run_dir).stages.c).toMatchObject({ status: 'succeeded', reused_from: runs[0].run_id });
  });

  it('refuse to start (exit 2) naming what no earlier run can supply; a `??` default is enough', () => {
    const project = makeProject({ 'p.yaml': pipelineYaml('p', CHAIN), 'v.txt': '1' });
    const refused = runCli(project, ['run', 'p.yaml', '--from', 'b']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('no earlier run of pipeline `p` supplies stages.a.status (read by b), stages.a.outputs.v (read by c)');
    expect(existsSync(join(project, '.runs/p'))).toBe(false);
    expect(runCli(project, ['run', 'p.yaml', '--from', 'b', '--dry-run']).code).toBe(2); // the plan says the same
    const defaulted = CHAIN.replace("stages.a.status == 'succeeded'", 'true').replace('stages.a.outputs.v }}', "stages.a.outputs.v ?? 'none' }}");
    writeFileSync(join(project, 'p.yaml'), pipelineYaml('p', defaulted));
    expect(runCli(project, ['run', 'p.yaml', '--from', 'b']).code).toBe(0);
    expect(ledger(project)).toEqual(['b', 'c got none']);
  });
});

describe('retry of a parallel group', () => {
  it('re-runs only the branches that failed, reusing the outputs of the ones that succeeded', () => {
    const stages =
      '  g:\n    parallel:\n' +
      '      x:\n        run: echo x >> ledger; echo n=7 >> "$FLOWSTATE_OUTPUT"\n' +
      '      y:\n        run: echo y >> ledger; test -f fixed\n' +
      '      z:\n        run: echo z >> ledger\n' +
      '  after:\n    run: echo "after ${{ stages.x.outputs.n }}" >> ledger\n';
    const project = makeProject({ 'p.yaml': pipelineYaml('p', stages) });
    const failed = runJson(project, ['p.yaml']);
    expect(failed.status).toBe('failed');
    expect(runCli(project, ['retry', failed.run_id, '--preview']).stdout).toMatch(/would start a new run at `g` .*reusing the outputs of: x, z/);
    writeFileSync(join(project, 'fixed'), '');
    const retried = JSON.parse(runCli(project, ['retry', failed.run_id, '--json']).stdout) as { run: RunJson };
    expect(retried.run.status).toBe('succeeded');
    expect(ledger(project).slice(3)).toEqual(['y', 'after 7']);
    const stagesAfter = readRunManifest(retried.run.run_dir).stages;
    expect(stagesAfter.x).toMatchObject({ status: 'succeeded', reused_from: failed.run_id, outputs: { n: '7' } });
    expect(stagesAfter.y).toMatchObject({ status: 'succeeded' });
    expect(stagesAfter.g.status).toBe('succeeded');
    expect(
      readFileSync(join(project, 'ledger'), 'utf8')
        .split('\n')
        .filter((l) => l === 'x'),
    ).toHaveLength(1);
  });
});
