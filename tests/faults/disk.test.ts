// Disk faults: the journal cannot be written (ENOSPC on a real small tmpfs, EIO from fsync via
// the store's test-only fault hook), the final manifest write fails, the runs dir is read-only.
// The run stops cleanly (stages ended, clear message naming the file and errno, exit 1), stays
// resumable, and `status` follows the journal.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, readEvents, runCli } from '../e2e/helpers.js';
import { expectNoProcessesOf, expectNoStackTrace, expectStatusAgreesWithJournal, journalOf, runDirs } from './helpers.js';

const LEDGER = pipelineYaml('d', '  a:\n    run: echo a >> ledger\n  b:\n    run: echo b >> ledger\n');

/** Why tmpfs cannot be mounted here (not root, no CAP_SYS_ADMIN...), or null when it can. */
function mountProblem(): string | null {
  const probe = mkdtempSync(join(tmpdir(), 'flowstate-mount-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { encoding: 'utf8' });
  if (mounted.status !== 0) return `cannot mount tmpfs: ${mounted.stderr.trim() || mounted.error?.message || 'mount failed'}`;
  spawnSync('umount', [probe]);
  return null;
}
const noMount = mountProblem();
if (noMount) console.log(`skipping the tmpfs tests: ${noMount}`);

const mounts: string[] = [];
afterEach(() => {
  for (const dir of mounts.splice(0)) spawnSync('umount', ['-l', dir]);
});

/** Mounts a small tmpfs as the project's runs dir. */
function mountRunsDir(project: string, options: string): string {
  const dir = join(project, '.runs');
  mkdirSync(dir, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) throw new Error(`mount failed: ${mounted.stderr}`);
  mounts.push(dir);
  return dir;
}

function ledger(project: string): string[] {
  return readFileSync(join(project, 'ledger'), 'utf8').split('\n').filter(Boolean);
}

/**
 * Runs d.yaml with the second journal sync failing (EIO; #1 makes run.started durable) and checks
 * the run stopped cleanly: exit 1, no stack trace, the error names the journal, the errno and the
 * resume command, the last event is `stage`'s success, no process is left, the run is resumable.
 */
async function expectStoppedByFailedSync(project: string, stage: string): Promise<string> {
  const run = runCli(project, ['run', 'd.yaml'], { FLOWSTATE_TEST_FAULTS: 'journal.sync:EIO@2' });
  expectNoStackTrace(run.stderr);
  expect(run.code).toBe(1);
  const [runDir] = runDirs(project, 'd');
  const runId = runDir.split('/').pop() as string;
  expect(run.stderr).toContain(`${runDir}/events.jsonl`);
  expect(run.stderr).toMatch(/EIO/);
  expect(run.stderr).toContain(`flowstate resume ${runId}`);
  const events = readEvents(runDir);
  expect(events.some((e) => e.type === 'run.finished')).toBe(false);
  expect(events.at(-1)).toMatchObject({ type: 'stage.finished', stage, status: 'succeeded' });
  await expectNoProcessesOf(runId);
  expect(expectStatusAgreesWithJournal(project, runDir)).toMatchObject({ status: 'interrupted', resumable: true });
  return runId;
}

describe('the journal cannot be written', () => {
  it('EIO from fsync after a stage succeeded: no `failed` run, clear error, resume does not re-run it', async () => {
    const project = makeProject({ 'd.yaml': LEDGER });
    // fsync #1 makes run.started durable, #2 is stage a's success.
    const runId = await expectStoppedByFailedSync(project, 'a');
    const resumed = runCli(project, ['resume', runId]);
    expect(resumed.code).toBe(0);
    expect(ledger(project)).toEqual(['a', 'b']);
  });

  it('EIO from a group sync (a branch finished while its sibling runs): stopped the same way, sibling ended, resumable', async () => {
    const slow = '[ -f no-wait ] || sleep 30; echo slow >> ledger';
    const stages = `  g:\n    parallel:\n      slow:\n        run: '${slow}'\n      fast:\n        run: echo fast >> ledger\n  b:\n    run: echo b >> ledger\n`;
    const project = makeProject({ 'd.yaml': pipelineYaml('d', stages) });
    // fsync #1 makes run.started durable; #2 is the group sync of fast's success (slow still runs).
    // Nothing is written after the event whose sync failed (the sibling's end included).
    const runId = await expectStoppedByFailedSync(project, 'fast');
    expect(ledger(project)).toEqual(['fast']);
    writeFileSync(join(project, 'no-wait'), '');
    const resumed = runCli(project, ['resume', runId]);
    expectNoStackTrace(resumed.stderr);
    expect(resumed.code).toBe(0);
    expect(ledger(project)).toEqual(['fast', 'slow', 'b']);
  });

  it.skipIf(noMount)('ENOSPC on a full tmpfs while a branch runs: it is ended, clear error, resumable once space is freed', async () => {
    const fill = 'printf "pad=%06000d\\n" 0 >> "$FLOWSTATE_OUTPUT"; [ -f no-fill ] || head -c 4000000 /dev/zero > .runs/filler 2>/dev/null; echo a >> ledger';
    const slow = '[ -f no-fill ] || sleep 30; echo slow >> ledger';
    const stages = `  g:\n    parallel:\n      slow:\n        run: '${slow}'\n      fill:\n        run: '${fill}'\n  b:\n    run: echo b >> ledger\n`;
    const project = makeProject({ 'd.yaml': pipelineYaml('d', stages) });
    mountRunsDir(project, 'size=256k');
    const run = runCli(project, ['run', 'd.yaml']);
    expectNoStackTrace(run.stderr);
    expect(run.code).toBe(1);
    const [runDir] = runDirs(project, 'd');
    const runId = runDir.split('/').pop() as string;
    expect(run.stderr).toMatch(/ENOSPC/);
    expect(run.stderr).toContain(runDir);
    expect(run.stderr).toContain(`flowstate resume ${runId}`);
    await expectNoProcessesOf(runId);
    expect(journalOf(runDir).some((e) => e.type === 'run.finished')).toBe(false);
    expect(expectStatusAgreesWithJournal(project, runDir)).toMatchObject({ status: 'interrupted', resumable: true });
    rmSync(join(project, '.runs/filler'));
    writeFileSync(join(project, 'no-fill'), '');
    const resumed = runCli(project, ['resume', runId]);
    expectNoStackTrace(resumed.stderr);
    expect(resumed.code).toBe(0);
    expect(ledger(project).at(-1)).toBe('b');
    expect(expectStatusAgreesWithJournal(project, runDir).status).toBe('succeeded');
  });
});

describe('manifest.json cannot be written', () => {
  it('a failed final manifest write: the run still succeeded, status says so (from the journal), resume refuses', () => {
    const project = makeProject({ 'd.yaml': LEDGER });
    const run = runCli(project, ['run', 'd.yaml'], { FLOWSTATE_TEST_FAULTS: 'manifest.write:EROFS@final' });
    expectNoStackTrace(run.stderr);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: cannot write \S+manifest\.json: EROFS/);
    const [runDir] = runDirs(project, 'd');
    expect(JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')).status).toBe('running'); // the file lags
    expect(expectStatusAgreesWithJournal(project, runDir)).toMatchObject({ status: 'succeeded', resumable: false });
    expect(runCli(project, ['runs']).stdout).toMatch(/succeeded/);
    const resumed = runCli(project, ['resume', '--last']);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/already ended succeeded/);
  });

  it('a deleted manifest.json: the run is still listed and shown, rebuilt from the journal', () => {
    const project = makeProject({ 'd.yaml': LEDGER });
    expect(runCli(project, ['run', 'd.yaml']).code).toBe(0);
    const [runDir] = runDirs(project, 'd');
    rmSync(join(runDir, 'manifest.json'));
    expect(runCli(project, ['runs']).stdout).toContain(runDir.split('/').pop());
    expect(expectStatusAgreesWithJournal(project, runDir).status).toBe('succeeded');
  });
});

describe('a read-only runs dir', () => {
  it.skipIf(noMount)('gives a clear error naming the directory and EROFS, not an internal error', () => {
    const project = makeProject({ 'd.yaml': LEDGER });
    mountRunsDir(project, 'ro,size=64k');
    const run = runCli(project, ['run', 'd.yaml']);
    expectNoStackTrace(run.stderr);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: cannot create run directory in \S+\.runs\/d: EROFS/m);
  });
});
