// The dashboard's `c` and `R` keys for runs of other processes: cancelRun signals the owner as
// Ctrl-C there would (the run is cancelled, journalled, resumable); rerunFrom starts a new run
// from a chosen stage with the same inputs and parent_run.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cancelRun, rerunFrom } from '../../src/api/index.js';
import { CLI, makeProject, pipelineYaml, readEvents, runCli } from '../e2e/helpers.js';

const PIPELINE = pipelineYaml(
  'cr',
  `  first:\n    run: echo "first \${{ inputs.who }}"\n  hold:\n    run: while [ ! -f go ]; do sleep 0.02; done\n  last:\n    run: echo last\n`,
  'inputs:\n  who: { type: string, default: me }\n',
);

const runDirs = (project: string): string[] => {
  const root = join(project, '.runs', 'cr');
  return existsSync(root)
    ? readdirSync(root)
        .filter((d) => !d.startsWith('.'))
        .sort()
        .map((d) => join(root, d))
    : [];
};

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('cancelRun and rerunFrom', { timeout: 60_000 }, () => {
  it('cancels a run owned by another process as Ctrl-C there would, and refuses a run nobody owns', async () => {
    const project = makeProject({ 'pipelines/cr.yaml': PIPELINE });
    const child = spawn(process.execPath, [CLI, 'run', 'pipelines/cr.yaml'], { cwd: project, env: { ...process.env, FLOWSTATE_RUNS_DIR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await until(() => runDirs(project).length === 1 && readEvents(runDirs(project)[0]).some((e) => e.type === 'stage.started' && e.stage === 'hold'), 'the hold stage');
    const result = cancelRun({ cwd: project, run: runDirs(project)[0].split('/').pop() });
    expect(result.pid).toBe(child.pid);
    expect(await exited).toBe(130);
    expect(stderr).toContain('stopping: stages get SIGTERM');
    const events = readEvents(runDirs(project)[0]);
    expect(events.find((e) => e.type === 'stage.finished' && e.stage === 'hold')).toMatchObject({ status: 'cancelled' });
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'cancelled' });
    expect(() => cancelRun({ cwd: project })).toThrow(/is not live \(no process owns it\); there is nothing to cancel/);
  });

  it('re-runs from a stage: a new run with the same inputs, parent_run set, earlier stages not run again', async () => {
    const project = makeProject({ 'pipelines/cr.yaml': PIPELINE, go: '' });
    const first = runCli(project, ['run', 'pipelines/cr.yaml', '--input', 'who=you', '--json']);
    const firstId = JSON.parse(first.stdout).run_id as string;
    const result = await rerunFrom({ cwd: project, run: firstId, from: 'hold' });
    expect(result.status).toBe('succeeded');
    expect(result.manifest.parent_run).toBe(firstId);
    expect(result.manifest.inputs).toEqual({ who: 'you' });
    const events = readEvents(result.run_dir);
    expect(events.some((e) => e.type === 'stage.started' && e.stage === 'first')).toBe(false);
    expect(events.some((e) => e.type === 'stage.started' && e.stage === 'hold')).toBe(true);
    await expect(rerunFrom({ cwd: project, run: firstId, from: 'nope' })).rejects.toThrow(/nope/);
  });
});
