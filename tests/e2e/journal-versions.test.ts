// Event contract versions: journals written before version 2 (run.started without `version`
// and `plan`) still show in status/logs/viz and resume from their events; a journal of a newer
// contract, or a version-2 run whose compiled machine changed, is refused with exit 5.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldRunView } from '../../src/model/index.js';
import { makeProject, pipelineYaml, readEvents, REPO, runCli } from './helpers.js';

const RUN = '20261206-142337-bwfz';

/** A copy of the committed version-1 fixture: pipeline `old`, interrupted while `test` ran. */
function v1Project(): { dir: string; runDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flowstate-v1-'));
  cpSync(join(REPO, 'tests/fixtures/journal-v1'), dir, { recursive: true });
  return { dir, runDir: join(dir, 'runs/old', RUN) };
}

/** Rewrites run.started (line 1) of a journal. */
function editStarted(runDir: string, edit: (started: Record<string, unknown>) => void): void {
  const file = join(runDir, 'events.jsonl');
  const [first, ...rest] = readFileSync(file, 'utf8').split('\n');
  const started = JSON.parse(first ?? '') as Record<string, unknown>;
  edit(started);
  writeFileSync(file, [JSON.stringify(started), ...rest].join('\n'));
}

describe('journals of event contract version 1', () => {
  it('show in status, logs and viz --run', () => {
    const { dir } = v1Project();
    const status = runCli(dir, ['status', RUN]);
    expect(status.stdout).toMatch(/status\s+interrupted/);
    expect(status.stdout).toMatch(/build\s+succeeded/);
    expect(runCli(dir, ['logs', RUN, 'build']).stdout).toBe('built\n');
    const viz = runCli(dir, ['viz', 'old', '--run', RUN, '--format', 'json']);
    expect(viz.code).toBe(0);
    expect(viz.stdout).toContain('"succeeded"');
  });

  it('resume from their events (no machine hash to check) and say so', () => {
    const { dir, runDir } = v1Project();
    const resumed = runCli(dir, ['resume', RUN]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const events = readEvents(runDir);
    const note = events.find((e) => e.type === 'run.resumed');
    expect(note?.type === 'run.resumed' && note.reason).toContain('event contract version 1');
    const view = foldRunView(events);
    expect(view.version).toBe(1);
    expect(view.status).toBe('succeeded');
    expect(view.stages.build?.attempts).toBe(1); // not run again
    expect(view.stages.test).toMatchObject({ status: 'succeeded', attempts: 2, visits: 1 });
  });

  it('a journal of a newer contract is refused with exit 5 and left as it was', () => {
    const { dir, runDir } = v1Project();
    editStarted(runDir, (started) => {
      started.version = 99;
    });
    const before = readFileSync(join(runDir, 'events.jsonl'));
    const resumed = runCli(dir, ['resume', RUN]);
    expect(resumed.code).toBe(5);
    expect(resumed.stderr).toContain('newer flowstate (event contract version 99');
    expect(resumed.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(readFileSync(join(runDir, 'events.jsonl'))).toEqual(before);
  });
});

describe('journals of event contract version 2', () => {
  it('carry the plan and the machine hash; a changed machine refuses resume (exit 5) unless --force', () => {
    const dir = makeProject({ 'g.yaml': pipelineYaml('g', '  a:\n    run: echo a\n  ship:\n    approval: { message: ok? }\n    run: echo shipped\n') });
    const paused = JSON.parse(runCli(dir, ['run', 'g.yaml', '--json']).stdout) as { run_id: string; run_dir: string };
    const [started] = readEvents(paused.run_dir);
    expect(started).toMatchObject({ type: 'run.started', version: 2, plan: { machine_hash: expect.stringMatching(/^sha256:/) } });
    expect(started?.type === 'run.started' && started.plan?.stages.map((s) => `${s.id}:${s.approval?.message ?? '-'}`)).toEqual(['a:-', 'ship:ok?']);
    editStarted(paused.run_dir, (s) => {
      (s.plan as { machine_hash: string }).machine_hash = 'sha256:0';
    });
    expect(runCli(dir, ['approve', paused.run_id, '--no-resume']).code).toBe(0);
    const refused = runCli(dir, ['resume', paused.run_id]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('state machine of run');
    const forced = runCli(dir, ['resume', paused.run_id, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
  });
});

describe('stage.finished failure tail', () => {
  it('carries the last 20 lines of a failed attempt, secrets masked', () => {
    const stages = '  noisy:\n    run: for i in $(seq 1 30); do echo "line $i $API_TOKEN"; done; exit 3\n';
    const dir = makeProject({ 'n.yaml': pipelineYaml('n', stages) });
    const run = JSON.parse(runCli(dir, ['run', 'n.yaml', '--json'], { API_TOKEN: 'tok-hunter2-secret' }).stdout) as { run_dir: string };
    const finished = readEvents(run.run_dir).find((e) => e.type === 'stage.finished');
    expect(finished?.type === 'stage.finished' && finished.tail).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 11} ***`));
  });
});
