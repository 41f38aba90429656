// `flowstate watch` as a real process: a stubborn server replaced on save (never doubled),
// an invalid pipeline save reported with file:line:col and recovered from, Ctrl-C leaving no
// process and the last run cancelled.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, groupAlive, makeProject, pidAlive, pipelineYaml, readEvents, readRunManifest } from '../e2e/helpers.js';
import { renameSave, save, SERVER, waitFor } from './helpers.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Watching {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

function startWatch(dir: string, args: string[]): Watching {
  const child = spawn(process.execPath, [CLI, 'watch', ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', FLOWSTATE_RUNS_DIR: '' } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exit };
}

/** Run ids whose server wrote its pids (ids of one second do not sort by start: compare sets). */
function serverRuns(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith('pids-') && readFileSync(join(dir, f), 'utf8').trim().split(' ').length === 2)
    .map((f) => f.slice(5));
}

/** Waits for the server of a run not in `known`; returns its run id. */
async function nextServer(dir: string, known: string[]): Promise<string> {
  return waitFor(`server #${known.length + 1}`, () => serverRuns(dir).find((id) => !known.includes(id)));
}

function pidsOf(dir: string, runId: string): number[] {
  return readFileSync(join(dir, `pids-${runId}`), 'utf8')
    .trim()
    .split(' ')
    .map(Number);
}

function groupOf(dir: string, runId: string): number {
  const finished = readEvents(join(dir, '.runs/p', runId)).find((e) => e.type === 'stage.finished');
  if (finished?.type !== 'stage.finished' || typeof finished.pid !== 'number') throw new Error(`no stage pid in run ${runId}`);
  return finished.pid;
}

describe('flowstate watch (CLI)', () => {
  it('replaces a stubborn server on save, survives an invalid pipeline save, and quits cleanly on Ctrl-C', async () => {
    const pipeline = (marker: string) => pipelineYaml('p', `  serve:\n    run: echo ${marker} >> markers.log; sh server.sh\n    sources: [src/**]\n`);
    const dir = makeProject({ 'p.yaml': pipeline('v1'), 'server.sh': SERVER, 'src/app.txt': '1' });
    const watching = startWatch(dir, ['p.yaml', '--kill-grace', '300ms']);
    const first = await nextServer(dir, []);

    save(dir, 'src/app.txt', '2');
    const second = await nextServer(dir, [first]);
    const [oldPid, oldChild] = pidsOf(dir, first);
    expect([groupAlive(groupOf(dir, first)), pidAlive(oldPid), pidAlive(oldChild)]).toEqual([false, false, false]);
    expect(readRunManifest(join(dir, '.runs/p', first)).status).toBe('cancelled');
    expect(readRunManifest(join(dir, '.runs/p', second)).parent_run).toBe(first);
    expect(watching.out()).toContain('changed: src/app.txt');

    save(dir, 'p.yaml', 'version: 1\nname: p\nstages:\n  serve:\n    run: [oops\n');
    await waitFor('the invalid-pipeline report', () => watching.err().includes('keeping the last good version'));
    expect(watching.err()).toMatch(/^p\.yaml:\d+:\d+: /m);
    expect(serverRuns(dir)).toHaveLength(2);

    save(dir, 'p.yaml', pipeline('v2'));
    const third = await nextServer(dir, [first, second]);
    const runs = [first, second, third];
    expect(readFileSync(join(dir, 'markers.log'), 'utf8')).toBe('v1\nv1\nv2\n');

    watching.child.kill('SIGINT');
    expect(await watching.exit).toBe(130);
    for (const runId of runs) {
      const [pid, child] = pidsOf(dir, runId);
      expect([groupAlive(groupOf(dir, runId)), pidAlive(pid), pidAlive(child)]).toEqual([false, false, false]);
    }
    expect(readRunManifest(join(dir, '.runs/p', runs[2])).status).toBe('cancelled');
    expect(existsSync(join(dir, '.runs/p', runs[2], 'lock'))).toBe(false);
  });

  it('runs once for 20 quick saves and for a rename-style save, never for generates or the runs dir', async () => {
    const logChanges = '#!/bin/sh\nprintf "%s" "$FLOWSTATE_CHANGED_FILES" | tr "\\n" "," >> changes.log\necho >> changes.log\necho out > src/gen.txt\n';
    const stages = '  log:\n    run: sh log.sh\n    sources: ["src/**"]\n    generates: [src/gen.txt]\n';
    const dir = makeProject({ 'p.yaml': pipelineYaml('p', stages), 'log.sh': logChanges, 'src/a.txt': '0', 'src/b.txt': '0' });
    const watching = startWatch(dir, ['p.yaml', '--debounce', '300ms']);
    const changes = () => (existsSync(join(dir, 'changes.log')) ? readFileSync(join(dir, 'changes.log'), 'utf8').split('\n').slice(0, -1) : []);
    await waitFor('the first run', () => changes().length === 1 && watching.out().includes('waiting for changes'));
    for (let i = 1; i <= 20; i++) save(dir, 'src/a.txt', String(i));
    await waitFor('the run for 20 saves', () => changes().length === 2 && watching.out().split('waiting for changes').length === 3);
    renameSave(dir, 'src/b.txt', 'renamed');
    await waitFor('the run for the rename', () => changes().length === 3 && watching.out().split('waiting for changes').length === 4);
    save(dir, 'src/gen.txt', 'by hand');
    save(dir, '.runs/p/stray.txt', 'x');
    save(dir, 'src/c.txt', 'sentinel');
    await waitFor('the run for the sentinel', () => changes().length === 4 && watching.out().split('waiting for changes').length === 5);
    expect(changes()).toEqual(['', 'src/a.txt', 'src/b.txt', 'src/c.txt']);
    watching.child.kill('SIGINT');
    expect(await watching.exit).toBe(0);
    expect(changes()).toHaveLength(4);
  });

  it('exits 0 on Ctrl-C when no run is in flight, and rejects a bad --on-busy', async () => {
    const dir = makeProject({ 'p.yaml': pipelineYaml('p', '  s:\n    run: echo done\n') });
    const watching = startWatch(dir, ['p.yaml']);
    await waitFor('the first run to finish', () => watching.out().includes('waiting for changes'));
    watching.child.kill('SIGINT');
    expect(await watching.exit).toBe(0);
    const bad = startWatch(dir, ['p.yaml', '--on-busy', 'sometimes']);
    expect(await bad.exit).toBe(2);
    expect(bad.err()).toContain('--on-busy must be one of restart, queue, ignore');
  });
});
