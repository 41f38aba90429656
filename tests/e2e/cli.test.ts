// The CLI as a user meets it: real processes, exit codes, messages without stack traces.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, runCli } from './helpers.js';

const OK = pipelineYaml('ok', '  a:\n    run: echo hello-a\n  b:\n    run: echo hello-b\n', 'inputs:\n  n: { type: integer, default: 1 }\n');
const FAIL = pipelineYaml('bad', '  a:\n    run: echo about to fail; exit 7\n');
const LOOP = pipelineYaml(
  'loop',
  '  a:\n    run: echo signal=again >> "$FLOWSTATE_OUTPUT"\n    max_visits: 2\n    next:\n      - { when: "outputs.signal == \'again\'", to: a }\n      - { to: end }\n',
);

/** Asserts a message is a user error: no stack trace lines. */
function expectNoStack(text: string): void {
  expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe('flowstate CLI', () => {
  it('run: exit 0 with a plain report, and status/runs/logs show the run', () => {
    const dir = makeProject({ 'ok.yaml': OK });
    const run = runCli(dir, ['run', 'ok.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ a/);
    expect(run.stdout).toMatch(/succeeded/);
    const status = runCli(dir, ['status', '--json']);
    expect(status.code).toBe(0);
    const manifest = JSON.parse(status.stdout);
    expect(manifest.status).toBe('succeeded');
    const runs = JSON.parse(runCli(dir, ['runs', '--json']).stdout);
    expect(runs).toEqual([{ run_id: manifest.run_id, pipeline: 'ok', status: 'succeeded', created_at: manifest.created_at, finished_at: manifest.finished_at }]);
    const logs = runCli(dir, ['logs', manifest.run_id]);
    expect(logs.stdout).toContain('hello-a');
    expect(logs.stdout).toContain('hello-b');
    expect(runCli(dir, ['logs', manifest.run_id, 'b']).stdout).toBe('hello-b\n');
  });

  it('run --json prints one JSON document', () => {
    const dir = makeProject({ 'ok.yaml': OK });
    const run = runCli(dir, ['run', 'ok.yaml', '--json', '--input', 'n=3']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ status: 'succeeded', manifest: { inputs: { n: 3 } } });
    expect(typeof doc.run_id).toBe('string');
  });

  it('exit 1 for a failed run, with the log tail of the failed stage', () => {
    const dir = makeProject({ 'bad.yaml': FAIL });
    const run = runCli(dir, ['run', 'bad.yaml']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('about to fail');
    expect(runCli(dir, ['status']).code).toBe(1);
  });

  it('exit 3 when a loop runs out of max_visits', () => {
    const dir = makeProject({ 'loop.yaml': LOOP });
    expect(runCli(dir, ['run', 'loop.yaml']).code).toBe(3);
  });

  it('exit 2 for bad inputs, unknown stages, unknown files, unknown commands and flags', () => {
    const dir = makeProject({ 'ok.yaml': OK });
    for (const args of [
      ['run', 'ok.yaml', '--input', 'n=abc'],
      ['run', 'ok.yaml', '--input', 'nope=1'],
      ['run', 'ok.yaml', '--input', 'novalue'],
      ['run', 'ok.yaml', '--target', 'zzz'],
      ['run', 'missing.yaml'],
      ['status', '../../etc'],
      ['runz'],
      ['run', 'ok.yaml', '--bogus'],
    ]) {
      const result = runCli(dir, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.length, args.join(' ')).toBeGreaterThan(0);
      expectNoStack(result.stderr);
    }
    expect(runCli(dir, ['runz']).stderr).toMatch(/Did you mean .*runs/);
    expect(existsSync(join(dir, '.runs'))).toBe(false);
  });

  it('--dry-run prints the plan and writes nothing', () => {
    const dir = makeProject({ 'ok.yaml': OK });
    const plan = runCli(dir, ['run', 'ok.yaml', '--dry-run']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('a: echo hello-a');
    expect(existsSync(join(dir, '.runs'))).toBe(false);
  });

  it('--help and --version exit 0', () => {
    const dir = makeProject({});
    expect(runCli(dir, ['--version']).code).toBe(0);
    const help = runCli(dir, ['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
  });

  it('honours --runs-dir and FLOWSTATE_RUNS_DIR', () => {
    const dir = makeProject({ 'ok.yaml': OK });
    expect(runCli(dir, ['--runs-dir', 'elsewhere', 'run', 'ok.yaml']).code).toBe(0);
    expect(readdirSync(join(dir, 'elsewhere/ok'))).toHaveLength(1);
    expect(runCli(dir, ['run', 'ok.yaml'], { FLOWSTATE_RUNS_DIR: join(dir, 'env-runs') }).code).toBe(0);
    expect(readdirSync(join(dir, 'env-runs/ok'))).toHaveLength(1);
  });
});

describe('flowstate logs --follow', () => {
  it('prints output as it comes and stops when the run ends', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('./helpers.js');
    const dir = makeProject({ 'slow.yaml': pipelineYaml('slow', '  a:\n    run: echo first; sleep 0.6; echo second\n  b:\n    run: echo third\n') });
    const runner = spawn(process.execPath, [CLI, 'run', 'slow.yaml', '--json'], { cwd: dir, stdio: 'ignore' });
    const runsDir = join(dir, '.runs/slow');
    while (!existsSync(runsDir) || readdirSync(runsDir).length === 0) await new Promise((r) => setTimeout(r, 20));
    const runId = readdirSync(runsDir)[0];
    const follow = runCli(dir, ['logs', runId, '--follow']);
    await new Promise((resolve) => runner.on('exit', resolve));
    expect(follow.code).toBe(0);
    expect(follow.stdout).toMatch(/first\n[\s\S]*second\n[\s\S]*third\n/);
  });

  it('every command has examples in --help', () => {
    const dir = makeProject({});
    for (const command of ['validate', 'compile', 'viz', 'run', 'status', 'runs', 'logs']) {
      expect(runCli(dir, [command, '--help']).stdout, command).toContain('Examples:');
    }
  });
});
