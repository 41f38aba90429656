// Lock owner identity: a lock names pid, start time and host, so a live process that merely
// reuses the pid (or pid 1, or a lock without a start time) is not taken for the owner.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, runCli } from '../e2e/helpers.js';
import { interruptRun } from '../e2e/interrupt.js';
import { expectNoProcessesOf, expectNoStackTrace, expectStatusAgreesWithJournal } from './helpers.js';

const bystander = spawn('sleep', ['60'], { stdio: 'ignore' });
afterAll(() => {
  bystander.kill('SIGKILL');
});

describe('a stale lock whose pid belongs to a live, unrelated process', () => {
  it.each([
    ['pid 1 without a start time', () => ({ pid: 1, host: hostname(), started_at: new Date().toISOString() })],
    ['the dead runner’s lock, its pid reused by a live process', (old: Record<string, unknown>) => ({ ...old, pid: bystander.pid })],
  ])('%s: status says interrupted and resume takes the run over', async (_name, forge) => {
    const project = makeProject({ 'l.yaml': pipelineYaml('l', '  a:\n    run: if [ -f go-on ]; then echo ok; else touch started; sleep 30; fi\n  b:\n    run: echo b\n') });
    const runId = await interruptRun(project, 'l.yaml', [], () => readFileSync(join(project, 'started')) !== null);
    const runDir = join(project, '.runs/l', runId);
    const old = JSON.parse(readFileSync(join(runDir, 'lock'), 'utf8')) as Record<string, unknown>;
    expect(old.start_time).toEqual(expect.any(Number));
    writeFileSync(join(runDir, 'lock'), JSON.stringify(forge(old)));
    const view = expectStatusAgreesWithJournal(project, runDir);
    expect(view).toMatchObject({ status: 'interrupted', resumable: true });
    expect(runCli(project, ['runs']).stdout).toContain('interrupted');
    writeFileSync(join(project, 'go-on'), '');
    const resumed = runCli(project, ['resume', runId]);
    expectNoStackTrace(resumed.stderr);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/took over the lock of pid \d+/);
    await expectNoProcessesOf(runId);
    expect(expectStatusAgreesWithJournal(project, runDir).status).toBe('succeeded');
  });
});
