// Shared checks of the fault-injection suite: after each fault no process of the run is left,
// nothing printed a stack trace, and `status` agrees with what the journal says.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'vitest';
import type { JournalEvent } from '../../src/model/index.js';
import { readJournal } from '../../src/store/index.js';
import { CLI, runCli } from '../e2e/helpers.js';

export interface Started {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | string>;
}

/** Starts a real process (the CLI unless `command` is given), collecting what it prints. */
export function start(cwd: string, args: string[], options: { env?: Record<string, string>; command?: string; stdio?: StdioOptions } = {}): Started {
  const command = options.command ?? process.execPath;
  const argv = options.command ? args : [CLI, ...args];
  const child = spawn(command, argv, {
    cwd,
    stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FLOWSTATE_RUNS_DIR: '', ...options.env },
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | string>((resolve) => child.on('close', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, out: () => out, err: () => err, exit };
}

/** Polls until `check` returns a truthy value (under load things take a while); throws after ~30 s. */
export async function until<T>(what: string, check: () => T | undefined | false | null, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined | false | null;
    try {
      value = check();
    } catch {
      value = undefined;
    }
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

/** Live (non-zombie) processes whose environment names this root run (FLOWSTATE_ROOT_RUN_ID). */
export function processesOfRun(runId: string): number[] {
  const needle = `FLOWSTATE_ROOT_RUN_ID=${runId}`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z' || state === 'X') continue;
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(needle)) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not readable
    }
  }
  return found;
}

/** Waits (briefly) until no process of the run is left; fails naming the survivors. */
export async function expectNoProcessesOf(runId: string): Promise<void> {
  let left: number[] = [];
  for (let i = 0; i < 100; i++) {
    left = processesOfRun(runId);
    if (left.length === 0) return;
    await delay(50);
  }
  expect(left, `processes of run ${runId} left behind`).toEqual([]);
}

/** Nothing that looks like a JavaScript stack trace or an "internal error" report. */
export function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/^\s+at .+[:(]\d+:\d+\)?$/m);
  expect(text).not.toMatch(/internal error|Unhandled|please report this as a bug/i);
}

/** The run directories of a pipeline in a project (none when the folder is missing). */
export function runDirs(project: string, pipeline: string): string[] {
  try {
    return readdirSync(join(project, '.runs', pipeline))
      .filter((n) => !n.startsWith('.'))
      .map((n) => join(project, '.runs', pipeline, n));
  } catch {
    return [];
  }
}

/** The committed events of a run's journal (a torn last line, from a crash or a full disk, is not one). */
export function journalOf(runDir: string): JournalEvent[] {
  return readJournal(join(runDir, 'events.jsonl')).events;
}

/** The run status the journal implies for a run nobody owns any more. */
export function journalStatus(events: JournalEvent[]): string {
  const last = [...events].reverse().find((e) => e.type === 'run.finished' || e.type === 'run.resumed' || e.type === 'gate.waiting' || e.type === 'gate.decided');
  if (last?.type === 'run.finished') return last.status;
  if (last?.type === 'gate.waiting') return 'awaiting_approval';
  return 'interrupted';
}

/** `status RUN --json` of a run whose owner is gone agrees with its journal (run and stage statuses). */
export function expectStatusAgreesWithJournal(project: string, runDir: string): { status: string; resumable: boolean } {
  const events = journalOf(runDir);
  const runId = runDir.split('/').pop() as string;
  const shown = runCli(project, ['status', runId, '--json']);
  expectNoStackTrace(shown.stderr);
  const view = JSON.parse(shown.stdout) as { status: string; resumable: boolean; stages: Record<string, { status: string; attempts: number }> };
  expect(view.status).toBe(journalStatus(events));
  const lastOfStage = new Map<string, JournalEvent>();
  for (const e of events) if ('stage' in e && e.type !== 'gate.decided') lastOfStage.set(e.stage, e);
  for (const [stage, e] of lastOfStage) {
    const expected = e.type === 'stage.started' ? 'running' : e.type === 'stage.finished' ? e.status : e.type === 'stage.skipped' ? 'skipped' : undefined;
    if (expected) expect(view.stages[stage]?.status, `stage ${stage}`).toBe(expected);
  }
  return view;
}
