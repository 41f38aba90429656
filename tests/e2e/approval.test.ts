// Approval gates end to end (issue 7): paused runs are never failed ones; decisions come from
// any process; live runs pick them up; timeouts apply even when no process was alive.
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../src/model/index.js';
import { makeProject, pipelineYaml, readEvents, readRunManifest, runCli } from './helpers.js';
import { onlyRunDir, startCli } from './crash-helpers.js';

/** A gated `ship` stage; rejection routes to `rollback` when `routed`. */
function gated(approval: string, routed = true): string {
  const onFailure = routed ? '    on_failure: rollback\n' : '';
  return pipelineYaml(
    'gated',
    `  build:\n    run: echo built\n  ship:\n    approval: ${approval}\n    run: echo shipped >> shipped.txt\n${onFailure}    next: end\n  rollback:\n    run: echo rolled back\n    next: fail\n`,
  );
}

/** Waits until the run's journal has a matching event. */
async function until(project: string, match: (e: JournalEvent) => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const dir = onlyRunDir(project, 'gated');
    try {
      if (dir && readEvents(dir).some(match)) return;
    } catch {
      // journal being written
    }
    await delay(25);
  }
  throw new Error('timed out waiting for the journal');
}

const count = (events: JournalEvent[], type: JournalEvent['type']) => events.filter((e) => e.type === type).length;

describe('approval gates', () => {
  it('pauses (exit 4, awaiting_approval, never failed); approve from another process finishes it', () => {
    const project = makeProject({ 'g.yaml': gated('{ message: "Ship it?" }') });
    expect(runCli(project, ['run', 'g.yaml']).code).toBe(4);
    const status = runCli(project, ['status', '--json']);
    expect(status.code).toBe(4);
    const view = JSON.parse(status.stdout);
    expect(view.status).toBe('awaiting_approval');
    expect(view.waiting_gates).toMatchObject([{ stage: 'ship', message: 'Ship it?' }]);
    expect(runCli(project, ['status']).stdout).toMatch(/waiting\s+ship: Ship it\? \(for /);
    const approved = runCli(project, ['approve', 'last', '--by', 'ana', '--comment', 'ok']);
    expect(approved.code).toBe(0);
    const runDir = onlyRunDir(project, 'gated') as string;
    const manifest = readRunManifest(runDir);
    expect(manifest.status).toBe('succeeded');
    expect(manifest.stages.ship).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(readEvents(runDir).find((e) => e.type === 'gate.decided')).toMatchObject({ decision: 'approved', by: 'ana', comment: 'ok' });
  });

  it('reject follows on_failure, or fails the run with the rejection as its reason', () => {
    const routed = makeProject({ 'g.yaml': gated('{ message: "Ship it?" }') });
    expect(runCli(routed, ['run', 'g.yaml']).code).toBe(4);
    expect(runCli(routed, ['reject', 'last', '--by', 'bo', '-m', 'not today']).code).toBe(1);
    const r = readRunManifest(onlyRunDir(routed, 'gated') as string);
    expect([r.status, r.stages.ship.status, r.stages.rollback.status]).toEqual(['failed', 'failed', 'succeeded']);
    expect(r.stages.ship.reason).toBe('approval rejected by bo: not today');
    const plain = makeProject({ 'g.yaml': gated('{ message: "Ship it?" }', false) });
    expect(runCli(plain, ['run', 'g.yaml']).code).toBe(4);
    expect(runCli(plain, ['reject', 'last', '--by', 'bo']).code).toBe(1);
    expect(readRunManifest(onlyRunDir(plain, 'gated') as string).status_reason).toMatch(/`ship` failed \(approval rejected by bo\)/);
  });

  it('a live waiting run (--wait) picks the decision up without a restart', async () => {
    const project = makeProject({ 'g.yaml': gated('{ message: "Ship it?" }') });
    const runner = startCli(project, ['run', 'g.yaml', '--wait']);
    await until(project, (e) => e.type === 'gate.waiting');
    const approve = runCli(project, ['approve', 'last']);
    expect(approve.code).toBe(0);
    expect(approve.stdout).toContain('the running process continues it');
    expect(await runner.exited).toBe(0);
    const events = readEvents(onlyRunDir(project, 'gated') as string);
    expect([count(events, 'run.resumed'), count(events, 'gate.waiting'), count(events, 'gate.decided')]).toEqual([0, 1, 1]);
  });

  it.each([
    ['approve', 0, 'succeeded'],
    ['reject', 1, 'failed'],
    ['needs_review', 3, 'needs_review'],
  ])('times out a live wait with on_timeout %s', async (onTimeout, code, status) => {
    const project = makeProject({ 'g.yaml': gated(`{ message: "Ship it?", timeout: 300ms, on_timeout: ${onTimeout} }`) });
    expect(runCli(project, ['run', 'g.yaml', '--wait']).code).toBe(code);
    const runDir = onlyRunDir(project, 'gated') as string;
    expect(readRunManifest(runDir).status).toBe(status);
    if (onTimeout !== 'needs_review') expect(readEvents(runDir).find((e) => e.type === 'gate.decided')).toMatchObject({ by: 'timeout' });
  });

  it('applies a timeout that expired while no process was alive (approve and resume apply it; status only shows it)', async () => {
    const project = makeProject({ 'g.yaml': gated('{ message: "Ship it?", timeout: 200ms, on_timeout: reject }') });
    expect(runCli(project, ['run', 'g.yaml']).code).toBe(4);
    await delay(400);
    const late = runCli(project, ['approve', 'last']);
    expect(late.code).toBe(5);
    expect(late.stderr).toMatch(/already decided: rejected by timeout/);
    expect(runCli(project, ['resume', '--last']).code).toBe(1);
    const runDir = onlyRunDir(project, 'gated') as string;
    expect(readRunManifest(runDir).stages.rollback.status).toBe('succeeded');
    const other = makeProject({ 'g.yaml': gated('{ message: "Ship it?", timeout: 200ms, on_timeout: approve }') });
    expect(runCli(other, ['run', 'g.yaml']).code).toBe(4);
    await delay(400);
    expect(runCli(other, ['status']).stdout).toMatch(/waiting\s+ship: Ship it\? .*, expired .* \(on_timeout: approve; applied by the next resume, approve or reject\)/);
    expect(readEvents(onlyRunDir(other, 'gated') as string).some((e) => e.type === 'gate.decided')).toBe(false); // status never writes
    expect(runCli(other, ['resume', '--last']).code).toBe(0);
    expect(readEvents(onlyRunDir(other, 'gated') as string).find((e) => e.type === 'gate.decided')).toMatchObject({ decision: 'approved', by: 'timeout' });
  });

  it('a concurrent approve and reject: exactly one wins, the other gets a clear error', async () => {
    const project = makeProject({ 'g.yaml': gated('{ message: "Ship it?" }') });
    expect(runCli(project, ['run', 'g.yaml']).code).toBe(4);
    const approve = startCli(project, ['approve', 'last', '--no-resume']);
    const reject = startCli(project, ['reject', 'last', '--no-resume']);
    let stderr = '';
    for (const p of [approve, reject]) p.child.stderr?.on('data', (d: Buffer) => (stderr += d));
    expect((await Promise.all([approve.exited, reject.exited])).sort()).toEqual([0, 5]);
    expect(stderr).toMatch(/was already (decided: )?(approved|rejected)/);
    const events = readEvents(onlyRunDir(project, 'gated') as string);
    expect(count(events, 'gate.decided')).toBe(1);
  });

  it('kill -9 while waiting: resume still waits (no second gate.waiting) and no decision is lost', async () => {
    const project = makeProject({ 'g.yaml': gated('{ message: "Ship it?" }') });
    const first = startCli(project, ['run', 'g.yaml', '--wait']);
    await until(project, (e) => e.type === 'gate.waiting');
    first.child.kill('SIGKILL');
    await first.exited;
    const second = startCli(project, ['resume', '--last', '--wait']);
    await until(project, (e) => e.type === 'run.resumed');
    second.child.kill('SIGSTOP'); // alive (it owns the run) but it cannot pick the decision up
    expect(runCli(project, ['approve', 'last']).code).toBe(0);
    second.child.kill('SIGKILL'); // killed before picking the decision up
    await second.exited;
    expect(runCli(project, ['resume', '--last']).code).toBe(0);
    const events = readEvents(onlyRunDir(project, 'gated') as string);
    expect([count(events, 'gate.waiting'), count(events, 'gate.decided')]).toEqual([1, 1]);
    expect(readRunManifest(onlyRunDir(project, 'gated') as string).status).toBe('succeeded');
  });

  it('refuses to decide twice, a finished run, or a stage that is not waiting', () => {
    const project = makeProject({ 'g.yaml': gated('{ message: "Ship it?" }') });
    expect(runCli(project, ['run', 'g.yaml']).code).toBe(4);
    const wrong = runCli(project, ['approve', 'last', 'build']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/stage `build` .* is not waiting for approval \(it is succeeded\)/);
    expect(runCli(project, ['approve', 'last', '--no-resume']).code).toBe(0);
    const twice = runCli(project, ['reject', 'last', '--no-resume']);
    expect(twice.code).toBe(5);
    expect(twice.stderr).toMatch(/already decided: approved/);
    expect(runCli(project, ['resume', '--last']).code).toBe(0);
    const finished = runCli(project, ['approve', 'last']);
    expect(finished.code).toBe(5);
    expect(finished.stderr).toMatch(/already decided: approved by .*; the run has since ended succeeded/);
    const ungated = makeProject({ 'g.yaml': pipelineYaml('plain', '  a:\n    run: echo a\n') });
    expect(runCli(ungated, ['run', 'g.yaml']).code).toBe(0);
    const nothing = runCli(ungated, ['approve', 'last']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/already ended succeeded; there is nothing to approve or reject/);
  });
});
