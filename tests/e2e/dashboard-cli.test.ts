// `flowstate dashboard` and `run --ui` without a terminal, and their error paths.
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, runCli } from './helpers.js';

const project = (): string =>
  makeProject({
    'pipelines/ok.yaml': pipelineYaml('ok', '  hello:\n    run: echo hello\n'),
    'pipelines/bad.yaml': pipelineYaml('bad', '  boom:\n    run: echo boom >&2; exit 3\n'),
  });

describe('dashboard without a terminal', { timeout: 60_000 }, () => {
  it('prints the run as plain lines and exits with its exit code', () => {
    const dir = project();
    expect(runCli(dir, ['run', 'pipelines/ok.yaml']).code).toBe(0);
    const ok = runCli(dir, ['dashboard', '--last']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/✓ hello/);
    expect(ok.stdout).toMatch(/succeeded/);
    expect(runCli(dir, ['run', 'pipelines/bad.yaml']).code).toBe(1);
    const bad = runCli(dir, ['dashboard', 'last', '--pipeline', 'bad']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/✗ boom/);
    expect(runCli(dir, ['dashboard', '--last', '--pipeline', 'ok', '--no-ui']).code).toBe(0);
  });

  it('run --ui without a terminal says so and runs with plain output', () => {
    const dir = project();
    const run = runCli(dir, ['run', 'pipelines/ok.yaml', '--ui']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('note: --ui needs an interactive terminal (stdin and stdout); showing plain output');
    expect(run.stdout).toMatch(/✓ hello/);
    const json = runCli(dir, ['run', 'pipelines/ok.yaml', '--ui', '--json']);
    expect(JSON.parse(json.stdout).status).toBe('succeeded');
    expect(json.stderr).not.toContain('--ui needs');
  });

  it('refuses a missing run or a bad run id with a clear message and exit 2, no stack trace', () => {
    const dir = project();
    const none = runCli(dir, ['dashboard', '--last']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: .*no runs/im);
    const unknown = runCli(dir, ['dashboard', '20261206-000000-zzzz']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/20261206-000000-zzzz/);
    const traversal = runCli(dir, ['dashboard', '../../etc']);
    expect(traversal.code).toBe(2);
    for (const r of [none, unknown, traversal]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
