// The dashboard attached to real runs: a run owned by another process (through the journal
// follower), approved from the keyboard exactly as `flowstate approve` does, and the same
// screen when the finished journal is replayed.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { followRun } from '../../src/api/index.js';
import { attach } from '../../src/cli/commands/dashboard.js';
import type { CliIO } from '../../src/cli/io.js';
import { headless, KEY, type Headless } from '../reporters/dashboard/harness.js';
import { CLI, makeProject, readEvents, REPO, runCli } from './helpers.js';

const sink = (): Writable => new Writable({ write: (_c, _e, cb) => cb() });
const io = (cwd: string): CliIO => ({ stdout: sink(), stderr: sink(), env: {}, cwd });

function demoProject(): string {
  return makeProject(
    { 'pipelines/demo.yaml': readFileSync(join(REPO, 'pipelines/dashboard-demo.yaml'), 'utf8') },
    `version: 1\nruntimes:\n  local: { adapter: command, command: [node, ${JSON.stringify(join(REPO, 'scripts/echo-agent.mjs'))}] }\nruntime_profile: { default: local }\n`,
  );
}

/** Waits (without a clock assertion) until `check` holds, polling the screen. */
async function until(check: () => boolean, what: string, h?: Headless): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}${h ? `\n${h.text().join('\n')}` : ''}`);
}

const runDirOf = (project: string): string => {
  const root = join(project, '.runs', 'dashboard-demo');
  const [id] = existsSync(root) ? readdirSync(root).filter((d) => !d.startsWith('.')) : [];
  return id ? join(root, id) : '';
};

describe('flowstate dashboard on real runs', { timeout: 60_000 }, () => {
  it('attaches to a run in another process, approves its gate from the keyboard like `flowstate approve`, and replays to the same screen', async () => {
    const project = demoProject();
    const child = spawn(process.execPath, [CLI, 'run', 'pipelines/demo.yaml', '--input', 'pace=0.05'], {
      cwd: project,
      env: { ...process.env, FLOWSTATE_RUNS_DIR: '' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await until(() => runDirOf(project) !== '' && existsSync(join(runDirOf(project), 'events.jsonl')), 'the run dir');
    const runDir = runDirOf(project);
    let h!: Headless;
    const attached = attach(io(project), { cwd: project }, runDir, (options) => (h = headless(options)).dashboard);
    await until(() => h !== undefined && h.text()[0].includes('awaiting_approval'), 'the gate', h);
    expect(await exited).toBe(4); // the owner paused at the gate and exited, as `flowstate run` does
    expect(h.text().join('\n')).toMatch(/│\s*✓ flaky .*\n/); // retried branch ends succeeded
    h.press('a', ...'ship it', KEY.enter);
    await until(() => h.text()[0].includes('succeeded'), 'the resumed run to finish', h);
    const live = h.text();
    h.press('q');
    expect(await attached).toBe(0);

    const events = readEvents(runDir);
    const decided = events.find((e) => e.type === 'gate.decided');
    expect(decided).toMatchObject({ stage: 'ship', decision: 'approved', comment: 'ship it' });
    // the same decision through the CLI on a second run lands the same way
    const second = runCli(project, ['run', 'pipelines/demo.yaml', '--input', 'pace=0', '--json']);
    const secondId = JSON.parse(second.stdout).run_id as string;
    expect(runCli(project, ['approve', secondId, 'ship', '-m', 'ship it']).code).toBe(0);
    const cliEvents = readEvents(join(project, '.runs', 'dashboard-demo', secondId));
    const strip = (e: Record<string, unknown>) => ({ ...e, seq: 0, ts: '', run_id: '' });
    expect(strip(cliEvents.find((e) => e.type === 'gate.decided') as never)).toEqual(strip(decided as never));
    expect(cliEvents.map((e) => e.type).slice(-6)).toEqual(events.map((e) => e.type).slice(-6));

    // replay the finished journal into a fresh dashboard: the same picture as live
    const replay = headless({ runDir });
    for await (const event of followRun(runDir)) replay.dashboard.onEvent(event);
    expect(replay.text()).toEqual(live.map((line, i) => (i === 1 ? replay.text()[1] : line)));
    replay.dashboard.close();
  });
});
