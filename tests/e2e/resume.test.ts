// Resume scenarios (issue 4): Ctrl-C then resume, a parallel group or a retry backoff under a
// kill, two resumers at once, non-idempotent stages, changed pipelines, damaged records.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../src/model/index.js';
import { makeProject, pipelineYaml, readEvents, readRunManifest, runCli } from './helpers.js';
import { ledger, noSurvivors, onlyRunDir, startCli } from './crash-helpers.js';

/** Starts a run, waits until `ready` holds, then signals the runner; returns the run dir. */
async function interruptWhen(project: string, file: string, ready: () => boolean, signal: NodeJS.Signals): Promise<{ runDir: string; code: number | string }> {
  const { child, exited } = startCli(project, ['run', file]);
  for (let i = 0; i < 600 && !ready(); i++) await delay(25);
  child.kill(signal);
  const code = await exited;
  return { runDir: onlyRunDir(project, file.replace(/\.yaml$/, '')) as string, code };
}

/** True once the journal has an event matching the predicate. */
function journalHas(project: string, name: string, match: (e: JournalEvent) => boolean): boolean {
  const dir = onlyRunDir(project, name);
  if (!dir) return false;
  try {
    return readEvents(dir).some(match);
  } catch {
    return false;
  }
}

const THREE = pipelineYaml('three', '  a:\n    run: echo a >> ledger\n  b:\n    run: echo b >> ledger; sleep 3\n  c:\n    run: echo c >> ledger\n');

describe('resume', () => {
  it('Ctrl-C cancels (exit 130, resumable), and resume finishes the run', async () => {
    const project = makeProject({ 'three.yaml': THREE });
    const { runDir, code } = await interruptWhen(project, 'three.yaml', () => ledger(project).includes('b'), 'SIGINT');
    expect(code).toBe(130);
    const cancelled = readRunManifest(runDir);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.stages.b).toMatchObject({ status: 'cancelled', reason: 'interrupted' });
    expect(await noSurvivors(runDir)).toBe(true);
    expect(runCli(project, ['status']).stdout).toContain('(resumable)');
    const resumed = runCli(project, ['resume', '--last']);
    expect(resumed.code).toBe(0);
    expect(ledger(project)).toEqual(['a', 'b', 'b', 'c']);
    expect(readRunManifest(runDir).stages.b.attempts).toBe(2);
  });

  it('a kill during a parallel group re-runs only the branch that was in flight', async () => {
    const stages =
      '  g:\n    parallel:\n      x:\n        run: echo x >> ledger\n      y:\n        run: echo y >> ledger; sleep 3\n      z:\n        run: echo z >> ledger\n  after:\n    run: echo after >> ledger\n';
    const project = makeProject({ 'par.yaml': pipelineYaml('par', stages) });
    const { runDir } = await interruptWhen(
      project,
      'par.yaml',
      () =>
        journalHas(project, 'par', (e) => e.type === 'stage.finished' && e.stage === 'x') &&
        journalHas(project, 'par', (e) => e.type === 'stage.finished' && e.stage === 'z') &&
        ledger(project).includes('y'),
      'SIGKILL',
    );
    expect(runCli(project, ['resume', '--last']).code).toBe(0);
    expect([...ledger(project)].sort()).toEqual(['after', 'x', 'y', 'y', 'z']);
    const manifest = readRunManifest(runDir);
    expect([manifest.stages.x.attempts, manifest.stages.y.attempts, manifest.stages.z.attempts]).toEqual([1, 2, 1]);
    expect(manifest.stages.g.status).toBe('succeeded');
    expect(await noSurvivors(runDir)).toBe(true);
  });

  it('a kill during a retry backoff resumes at the persisted due time, keeping the retry budget', async () => {
    const script = 'n=$(cat n 2>/dev/null || echo 0); n=$((n+1)); echo $n > n; echo f$n >> ledger; [ $n -ge 2 ]';
    const project = makeProject({ 'retry.yaml': pipelineYaml('retry', `  f:\n    run: '${script}'\n    retry: { max: 1, delay: 1500ms }\n`) });
    const { runDir } = await interruptWhen(project, 'retry.yaml', () => journalHas(project, 'retry', (e) => e.type === 'stage.retrying'), 'SIGKILL');
    expect(runCli(project, ['resume', '--last']).code).toBe(0);
    expect(ledger(project)).toEqual(['f1', 'f2']);
    const events = readEvents(runDir);
    const retrying = events.filter((e) => e.type === 'stage.retrying');
    expect(retrying).toHaveLength(1);
    const second = events.find((e) => e.type === 'stage.started' && e.attempt === 2);
    const due = Date.parse(retrying[0].ts) + (retrying[0].type === 'stage.retrying' ? retrying[0].delay_ms : 0);
    expect(Date.parse((second as JournalEvent).ts)).toBeGreaterThanOrEqual(due);
  });

  it('two resumes at once: exactly one proceeds, the other exits 5 naming the lock owner', async () => {
    const project = makeProject({ 'three.yaml': THREE });
    await interruptWhen(project, 'three.yaml', () => ledger(project).includes('b'), 'SIGKILL');
    const first = startCli(project, ['resume', '--last']);
    const second = startCli(project, ['resume', '--last']);
    let stderr = '';
    first.child.stderr?.on('data', (d: Buffer) => (stderr += d));
    second.child.stderr?.on('data', (d: Buffer) => (stderr += d));
    const codes = (await Promise.all([first.exited, second.exited])).sort();
    expect(codes).toEqual([0, 5]);
    expect(stderr).toMatch(/locked by pid \d+/);
  });

  it('an in-flight `idempotent: false` stage is not re-run: the run goes needs_review', async () => {
    const stages = '  a:\n    run: echo a >> ledger; sleep 3\n    idempotent: false\n  b:\n    run: echo b >> ledger\n';
    const project = makeProject({ 'once.yaml': pipelineYaml('once', stages) });
    const { runDir } = await interruptWhen(project, 'once.yaml', () => ledger(project).includes('a'), 'SIGKILL');
    const resumed = runCli(project, ['resume', '--last']);
    expect(resumed.code).toBe(3);
    expect(ledger(project)).toEqual(['a']);
    expect(readRunManifest(runDir).status_reason).toMatch(/idempotent: false/);
  });

  it('refuses a changed pipeline (exit 5) unless --force and the stage still exists', async () => {
    const project = makeProject({ 'three.yaml': THREE });
    await interruptWhen(project, 'three.yaml', () => ledger(project).includes('b'), 'SIGKILL');
    writeFileSync(join(project, 'three.yaml'), THREE.replace('echo c >> ledger', 'echo C >> ledger'));
    const refused = runCli(project, ['resume', '--last']);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/changed since run .* started/);
    writeFileSync(join(project, 'three.yaml'), pipelineYaml('three', '  a:\n    run: echo a >> ledger\n  c:\n    run: echo C >> ledger\n'));
    expect(runCli(project, ['resume', '--last', '--force']).code).toBe(5);
    writeFileSync(join(project, 'three.yaml'), THREE.replace('echo c >> ledger', 'echo C >> ledger'));
    expect(runCli(project, ['resume', '--last', '--force']).code).toBe(0);
    expect(ledger(project)).toEqual(['a', 'b', 'b', 'C']);
  });

  it('rebuilds an unreadable manifest from the journal and repairs a torn journal tail', async () => {
    const project = makeProject({ 'three.yaml': THREE });
    const { runDir } = await interruptWhen(project, 'three.yaml', () => ledger(project).includes('b'), 'SIGKILL');
    expect(runCli(project, ['status']).stdout).toContain('interrupted (resumable)');
    writeFileSync(join(runDir, 'manifest.json'), '{"schema_version": 1, "run_id": ');
    appendFileSync(join(runDir, 'events.jsonl'), '{"type":"stage.fini');
    const resumed = runCli(project, ['resume', '--last', '--json']);
    expect(resumed.code).toBe(0);
    expect(readRunManifest(runDir).status).toBe('succeeded');
    const reason = readEvents(runDir).find((e) => e.type === 'run.resumed');
    expect(reason).toMatchObject({ reason: expect.stringMatching(/manifest\.json was unreadable.*rebuilt/) });
    expect(readFileSync(join(runDir, 'events.jsonl'), 'utf8')).not.toContain('"stage.fini"');
  });

  it('refuses to resume a run that already finished', () => {
    const project = makeProject({ 'three.yaml': THREE.replace('sleep 3', 'true') });
    expect(runCli(project, ['run', 'three.yaml']).code).toBe(0);
    const again = runCli(project, ['resume', '--last']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already ended succeeded/);
  });
});
