// A long-running stage (a server that ignores SIGTERM and has a child) is replaced on change,
// never doubled; closing the watch cancels the run in flight and leaves no process.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../src/model/index.js';
import { groupsWithEnv } from '../../src/exec/index.js';
import { groupAlive, makeProject, pidAlive, pipelineYaml, readEvents, readRunManifest } from '../e2e/helpers.js';
import { save, SERVER, waitFor, WatchProbe } from './helpers.js';

const probes: WatchProbe[] = [];
afterEach(async () => {
  for (const probe of probes.splice(0)) await probe.handle?.close();
});

/** The server's pid and its child's pid in a run, once written. */
async function serverPids(dir: string, runId: string): Promise<[number, number]> {
  const file = join(dir, `pids-${runId}`);
  const text = await waitFor(`pids of run ${runId}`, () => existsSync(file) && readFileSync(file, 'utf8').trim().split(' ').length === 2 && readFileSync(file, 'utf8'));
  const [pid, child] = text.trim().split(' ').map(Number);
  return [pid, child];
}

/** The process group (leader pid) of the run's stage: from stage.finished, or live from /proc. */
function stagePid(runDir: string): number {
  const finished = readEvents(runDir).find((e) => e.type === 'stage.finished');
  if (finished?.type === 'stage.finished' && typeof finished.pid === 'number') return finished.pid;
  const [group] = groupsWithEnv('FLOWSTATE_RUN_ID', basename(runDir));
  if (group === undefined) throw new Error('no stage pid');
  return group;
}

function eventOf(runDir: string, type: JournalEvent['type']): JournalEvent {
  const event = readEvents(runDir).find((e) => e.type === type);
  if (!event) throw new Error(`no ${type} in ${runDir}`);
  return event;
}

describe('long-running stages under watch', () => {
  it('replaces a server that ignores SIGTERM, never running two at once', async () => {
    const stages = '  serve:\n    run: sh server.sh\n    sources: [src/app.txt]\n';
    const probe = new WatchProbe(makeProject({ 'p.yaml': pipelineYaml('p', stages), 'server.sh': SERVER, 'src/app.txt': '1' }));
    probes.push(probe);
    await probe.start({ pipeline: 'p.yaml', killGraceMs: 200 });
    const first = await probe.startedRuns(1);
    const [oldPid, oldChild] = await serverPids(probe.dir, first.run_id);
    save(probe.dir, 'src/app.txt', '2');
    const second = await probe.startedRuns(2);
    const [newPid, newChild] = await serverPids(probe.dir, second.run_id);
    expect(second.parent_run).toBe(first.run_id);
    const oldGroup = stagePid(first.run_dir);
    const newGroup = await waitFor(
      'stage.started of run 2',
      () => existsSync(join(second.run_dir, 'events.jsonl')) && readEvents(second.run_dir).some((e) => e.type === 'stage.started') && stagePid(second.run_dir),
    );
    expect([groupAlive(oldGroup), pidAlive(oldPid), pidAlive(oldChild)]).toEqual([false, false, false]);
    expect([groupAlive(newGroup), pidAlive(newPid), pidAlive(newChild)]).toEqual([true, true, true]);
    // The old server's end is journalled before the new one started.
    const oldEnd = Date.parse(eventOf(first.run_dir, 'run.finished').ts);
    expect(oldEnd).toBeLessThanOrEqual(Date.parse(eventOf(second.run_dir, 'run.started').ts));
    expect(readRunManifest(first.run_dir)).toMatchObject({ status: 'cancelled' });
    expect(probe.of('watch.cancelling')[0]).toMatchObject({ run_id: first.run_id });

    const summary = await probe.handle.close();
    expect(summary).toMatchObject({ cancelled: true, lastRun: second.run_id, lastStatus: 'cancelled' });
    expect([groupAlive(newGroup), pidAlive(newPid), pidAlive(newChild)]).toEqual([false, false, false]);
    expect(readRunManifest(second.run_dir).status).toBe('cancelled');
  });
});
