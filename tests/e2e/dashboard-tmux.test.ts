// The dashboard in a real terminal (tmux): `run --ui` in one window, `dashboard --last` in a
// second attached to it, a gate approved from the second, and the terminal restored on exit.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, makeProject, pipelineYaml, REPO } from './helpers.js';

const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
if (!hasTmux) console.warn('tmux is not installed (apt-get install -y tmux); skipping the terminal dashboard test');

const SOCKET = `flowstate-test-${process.pid}`;
const tmux = (...args: string[]): string => {
  const result = spawnSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};
const screen = (target: string): string => tmux('capture-pane', '-p', '-t', target);

/** Polls the pane until `pattern` shows (no timing assertion: only a generous cap). */
async function until(target: string, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const text = screen(target);
    if (pattern.test(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`pane ${target} never showed ${pattern}:\n${screen(target)}`);
}

const ENV = ['-e', 'LANG=C.UTF-8', '-e', 'NCURSES_NO_UTF8_ACS=1', '-e', 'FLOWSTATE_RUNS_DIR=', '-e', 'CI='];
/** A 100x30 tmux session running `command` in `cwd`, then printing its exit code. */
function session(name: string, cwd: string, command: string): string {
  tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', ...ENV, `cd ${cwd} && ${command}; echo EXIT=$?; sleep 600`);
  return `${name}:0`;
}
/** The pid of the command a session's shell runs. */
function commandPid(target: string): number {
  const shell = tmux('display-message', '-p', '-t', target, '#{pane_pid}').trim();
  const child = spawnSync('ps', ['-o', 'pid=', '--ppid', shell], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
  return Number(child);
}

describe.skipIf(!hasTmux)('dashboard in tmux', { timeout: 120_000 }, () => {
  afterAll(() => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  });

  it('run --ui draws, takes keys, is approved from a second dashboard, and restores the terminal', async () => {
    const project = makeProject(
      { 'pipelines/demo.yaml': readFileSync(join(REPO, 'pipelines/dashboard-demo.yaml'), 'utf8') },
      `version: 1\nruntimes:\n  local: { adapter: command, command: [node, ${JSON.stringify(join(REPO, 'scripts/echo-agent.mjs'))}] }\nruntime_profile: { default: local }\n`,
    );
    const shell = (command: string): string => `cd ${project} && ${command}; echo EXIT=$?; sleep 600`;
    session('dash', project, `node ${CLI} run pipelines/demo.yaml --ui --input pace=0.1`);
    try {
      const first = 'dash:0';
      await until(first, /run \d{8}-\d{6}-\w+ +● running/);
      expect(screen(first)).toContain('┌─ stages');
      tmux('send-keys', '-t', first, '?');
      await until(first, /re-run from the selected stage/);
      tmux('send-keys', '-t', first, 'x');
      await until(first, /awaiting_approval/);
      tmux('send-keys', '-t', first, 'g');
      await until(first, /─ log prepare /);
      expect(screen(first)).toMatch(/│preparing step 3/);

      tmux('new-window', '-t', 'dash', ...ENV, shell(`node ${CLI} dashboard --last`));
      const second = 'dash:1';
      await until(second, /awaiting_approval[\s\S]*gate `ship`: Ship version 0\.1\.2\?/);
      tmux('send-keys', '-t', second, 'a');
      await until(second, /approve ship, comment/);
      tmux('send-keys', '-t', second, 'from tmux', 'Enter');
      await until(second, /✓ succeeded/);
      await until(first, /EXIT=0/); // the owner took the decision, finished, closed its dashboard on its own
      const done = screen(first);
      expect(done).toMatch(/run \S+ \(dashboard-demo\) ✓ succeeded in [\d.]+s: \d+ succeeded\n/);
      expect(done).not.toContain('┌─ stages'); // back on the normal screen
      tmux('send-keys', '-t', second, 'q');
      const closed = await until(second, /EXIT=0/);
      expect(closed).not.toContain('┌─ stages');
      const events = readFileSync(join(project, '.runs/dashboard-demo', /run (\S+) \(/.exec(done)![1], 'events.jsonl'), 'utf8');
      expect(events).toMatch(/"type":"gate.decided".*"comment":"from tmux"/);
    } finally {
      tmux('kill-session', '-t', 'dash');
    }
  });

  it('restores the terminal on SIGTERM (the run is cancelled as with Ctrl-C and stays resumable)', async () => {
    const project = makeProject({ 'pipelines/slow.yaml': pipelineYaml('slow', '  wait:\n    run: sleep 30\n') });
    const target = session('term', project, `node ${CLI} run pipelines/slow.yaml --ui`);
    await until(target, /● wait/);
    process.kill(commandPid(target), 'SIGTERM');
    const after = await until(target, /EXIT=130/);
    expect(after).not.toContain('┌─ stages');
    expect(after).toMatch(/run \S+ \(slow\) ⊘ cancelled/);
    expect(after.match(/⊘ cancelled in/g)).toHaveLength(1); // the summary once (no plain reporter output after the close)
    const runId = /run (\S+) \(slow\)/.exec(after)![1];
    const events = readFileSync(join(project, '.runs/slow', runId, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; status?: string });
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'cancelled' }); // journalled: `flowstate resume` continues it
  });

  it('watch --ui keeps one dashboard across re-runs and says what changed and why a stage re-ran', async () => {
    const project = makeProject({
      'a.txt': '1\n',
      'b.txt': '1\n',
      'pipelines/w.yaml': pipelineYaml('w', '  lint:\n    run: cat a.txt\n    sources: [a.txt]\n  test:\n    run: cat b.txt\n    sources: [b.txt]\n'),
    });
    const target = session('watch', project, `node ${CLI} watch pipelines/w.yaml --ui`);
    await until(target, /✓ succeeded[\s\S]*✓ test/);
    writeFileSync(join(project, 'b.txt'), '2\n');
    const rerun = await until(target, /changed: b\.txt[\s\S]*✓ test \S+ ↺ sources changed: b\.txt/);
    expect(rerun).toMatch(/✓ lint cached/);
    tmux('send-keys', '-t', target, 'q');
    const closed = await until(target, /EXIT=\d+/);
    expect(closed).not.toContain('┌─ stages');
  });
});
