// Crash torture, mixed (issue 4): SIGINT (cancel, then resume) alternating with SIGKILL, over
// a pipeline with a parallel group and a stage that fails once and waits in retry backoff.
// Some rounds wait for those moments on purpose, so kills land inside them.
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../src/model/index.js';
import { makeProject, readEvents, readRunManifest } from './helpers.js';
import { checkManifest, ledger, noSurvivors, onlyRunDir, runSucceeded, seededRandom, startCli, succeededInJournal } from './crash-helpers.js';

const KILLS = 14;
const BRANCHES = ['p0', 'p1', 'p2'];
const SEQUENTIAL = ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7'];

/** Sequential stages around a parallel group and a flaky stage with a retry delay. */
function mixedPipeline(random: () => number): string {
  const step = (id: string) => `  ${id}:\n    run: echo ${id} >> ledger; sleep ${(0.1 + random() * 0.3).toFixed(3)}\n`;
  const branches = BRANCHES.map((b) => `      ${b}:\n        run: echo ${b} >> ledger; sleep ${(0.4 + random() * 0.4).toFixed(3)}\n`).join('');
  const flaky = "  flaky:\n    run: 'echo flaky >> ledger; if [ ! -f failed-once ]; then touch failed-once; exit 1; fi'\n    retry: { max: 1, delay: 1500ms }\n";
  const [a, b, ...rest] = SEQUENTIAL.map(step);
  return `version: 1\nname: mixed\nstages:\n${a}${b}  group:\n    parallel:\n${branches}${flaky}${rest.join('')}`;
}

/** What the run was doing, judged from its journal. */
function moment(project: string): { groupInFlight: boolean; inBackoff: boolean; groupDone: boolean; backoffDone: boolean } {
  const dir = onlyRunDir(project, 'mixed');
  let events: JournalEvent[] = [];
  try {
    events = dir ? readEvents(dir) : [];
  } catch {
    events = [];
  }
  const started = (id: string) => events.some((e) => e.type === 'stage.started' && e.stage === id);
  const finished = (id: string) => events.some((e) => e.type === 'stage.finished' && e.stage === id && e.status === 'succeeded');
  const groupInFlight = BRANCHES.some(started) && !BRANCHES.every(finished);
  const retrying = events.some((e) => e.type === 'stage.retrying' && e.stage === 'flaky');
  const secondTry = events.some((e) => e.type === 'stage.started' && e.stage === 'flaky' && e.attempt >= 2);
  return { groupInFlight, inBackoff: retrying && !secondTry, groupDone: BRANCHES.every(finished), backoffDone: secondTry };
}

/** Waits for a moment of the run (or up to ~4 s); random rounds just wait a random time. */
async function waitFor(project: string, target: 'group' | 'backoff' | 'random', random: () => number): Promise<void> {
  const passed = (m: ReturnType<typeof moment>) => (target === 'group' ? m.groupDone : m.backoffDone);
  if (target === 'random' || passed(moment(project))) return void (await delay(250 + random() * 600));
  for (let i = 0; i < 160; i++) {
    const now = moment(project);
    if (passed(now)) return void (await delay(random() * 300));
    if ((target === 'group' && now.groupInFlight) || (target === 'backoff' && now.inBackoff)) return;
    await delay(25);
  }
}

describe('crash torture, mixed', () => {
  it(`survives ${KILLS} alternating SIGINTs and SIGKILLs, inside a parallel group and a retry backoff too`, async () => {
    const random = seededRandom(7);
    const project = makeProject({ 'mixed.yaml': mixedPipeline(random) });
    const checkpoints: { ledgerLength: number; succeeded: Set<string> }[] = [];
    const hit = { group: 0, backoff: 0 };
    let kills = 0;
    let finalCode: number | string = -1;
    for (let round = 0; round < 100 && finalCode !== 0; round++) {
      if (runSucceeded(onlyRunDir(project, 'mixed'))) {
        finalCode = 0; // the last kill landed after the run had ended
        break;
      }
      const { child, exited } = startCli(project, onlyRunDir(project, 'mixed') ? ['resume', '--last'] : ['run', 'mixed.yaml']);
      if (kills >= KILLS) {
        finalCode = await exited;
        continue;
      }
      const target = (['group', 'backoff', 'random'] as const)[round % 3];
      const outcome = await Promise.race([exited, waitFor(project, target, random).then(() => 'timer' as const)]);
      if (outcome !== 'timer') {
        finalCode = outcome;
        continue;
      }
      const now = moment(project);
      hit.group += now.groupInFlight ? 1 : 0;
      hit.backoff += now.inBackoff ? 1 : 0;
      child.kill(kills % 2 === 0 ? 'SIGINT' : 'SIGKILL');
      await exited;
      kills++;
      const dir = onlyRunDir(project, 'mixed');
      checkManifest(dir);
      if (dir) checkpoints.push({ ledgerLength: ledger(project).length, succeeded: succeededInJournal(dir) });
    }
    expect(finalCode).toBe(0);
    expect(kills).toBe(KILLS);
    expect(hit.group).toBeGreaterThan(0);
    expect(hit.backoff).toBeGreaterThan(0);
    const runDir = onlyRunDir(project, 'mixed') as string;
    expect(readRunManifest(runDir).status).toBe('succeeded');
    const lines = ledger(project);
    expect(new Set(lines)).toEqual(new Set([...SEQUENTIAL, ...BRANCHES, 'flaky']));
    // each kill re-runs at most what was in flight: one stage, or the three branches
    expect(lines.length).toBeLessThanOrEqual(SEQUENTIAL.length + BRANCHES.length + 2 + kills * BRANCHES.length);
    for (const { ledgerLength, succeeded } of checkpoints) {
      expect(lines.slice(ledgerLength).filter((stage) => succeeded.has(stage))).toEqual([]);
    }
    expect(readEvents(runDir).filter((e) => e.type === 'stage.retrying' && e.stage === 'flaky')).toHaveLength(1);
    expect(await noSurvivors(runDir)).toBe(true);
  }, 120_000);
});
