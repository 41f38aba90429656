// Values you can trust (issue 10): `last` is the newest top-level run (never a nested child run),
// commands take --pipeline, and a killed nested run resumes in place through its root run.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, readEvents, readRunManifest, runCli } from './helpers.js';
import { ledger, onlyRunDir, startCli } from './crash-helpers.js';
import { processesOfRun } from '../faults/helpers.js';

const CHILD = pipelineYaml('child', '  c1:\n    run: echo c1 >> ledger\n  c2:\n    run: echo c2 >> ledger; sleep "$(cat delay)"\n');

describe('`last` and --pipeline', () => {
  it('mean the newest top-level run: approve last answers the parent waiting after a nested stage', () => {
    const parent = pipelineYaml('parent', '  nest:\n    pipeline: pipelines/child.yaml\n  ship:\n    approval: { message: "Ship?" }\n    run: echo shipped >> ledger\n');
    const project = makeProject({ 'pipelines/parent.yaml': parent, 'pipelines/child.yaml': CHILD, delay: '0' });
    expect(runCli(project, ['run', 'parent']).code).toBe(4);
    const parentRun = readdirSync(join(project, '.runs/parent'))[0];
    const childRun = readdirSync(join(project, '.runs/child'))[0];
    expect(readRunManifest(join(project, '.runs/child', childRun))).toMatchObject({ parent_run: parentRun, parent_stage: 'nest' });
    expect(JSON.parse(runCli(project, ['status', '--json']).stdout)).toMatchObject({ run_id: parentRun, status: 'awaiting_approval' });
    expect(JSON.parse(runCli(project, ['status', 'last', '--pipeline', 'parent', '--json']).stdout).run_id).toBe(parentRun);
    expect(runCli(project, ['logs', 'last']).stdout).not.toContain('c1 (attempt 1)');
    expect(JSON.parse(runCli(project, ['viz', 'parent', '--run', 'last', '--format', 'json']).stdout)).toBeTruthy();
    const childOnly = runCli(project, ['status', '--pipeline', 'child']);
    expect(childOnly.code).toBe(2);
    expect(childOnly.stderr).toContain('no top-level runs of pipeline `child`');
    const wrong = runCli(project, ['logs', childRun, '--pipeline', 'parent']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`run ${childRun} is a run of pipeline \`child\`, not of \`parent\``);
    const viaChild = runCli(project, ['resume', childRun]);
    expect(viaChild.code).toBe(4); // the root run, still waiting at its gate
    expect(viaChild.stdout).toContain(`run ${childRun} is a nested child run: resumed its root run ${parentRun}`);
    const approved = runCli(project, ['approve', 'last', '--pipeline', 'parent']);
    expect(approved.code).toBe(0);
    expect(ledger(project)).toEqual(['c1', 'c2', 'shipped']);
    expect(readRunManifest(join(project, '.runs/parent', parentRun)).status).toBe('succeeded');
  });
});

describe('a nested pipeline killed mid-run', () => {
  it('resumes in place: the root run continues, the same child run resumes, its done stages never re-run', async () => {
    const parent = pipelineYaml('parent', '  pre:\n    run: echo pre >> ledger\n  nest:\n    pipeline: pipelines/child.yaml\n  post:\n    run: echo post >> ledger\n');
    const project = makeProject({ 'pipelines/parent.yaml': parent, 'pipelines/child.yaml': CHILD, delay: '30' });
    const runner = startCli(project, ['run', 'parent']);
    for (let i = 0; i < 600 && !ledger(project).includes('c2'); i++) await delay(25);
    const childDir = onlyRunDir(project, 'child') as string;
    const rootRun = (onlyRunDir(project, 'parent') as string).split('/').pop() as string;
    runner.child.kill('SIGKILL');
    await runner.exited;
    // The dead runner's copy of the child's stage c2 is still running (found by the root run's id).
    expect(processesOfRun(rootRun).length).toBeGreaterThan(0);
    writeFileSync(join(project, 'delay'), '0');
    const resumed = runCli(project, ['resume', '--last']);
    expect(resumed.code).toBe(0);
    expect(processesOfRun(rootRun)).toEqual([]);
    expect(ledger(project)).toEqual(['pre', 'c1', 'c2', 'c2', 'post']);
    expect(readdirSync(join(project, '.runs/child'))).toHaveLength(1);
    const parentDir = onlyRunDir(project, 'parent') as string;
    expect(readRunManifest(parentDir)).toMatchObject({ status: 'succeeded' });
    expect(readRunManifest(childDir)).toMatchObject({ status: 'succeeded' });
    const childIds = readEvents(parentDir).flatMap((e) => (e.type === 'stage.started' && e.stage === 'nest' ? [e.child_run] : []));
    expect(childIds).toEqual([childDir.split('/').pop(), childDir.split('/').pop()]);
    expect(readEvents(childDir).filter((e) => e.type === 'run.resumed')).toHaveLength(1);
  });
});
