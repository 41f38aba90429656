// Crash torture (issue 4): the runner is killed at random moments and resumed each time.
// No completed stage runs again, at most one stage re-runs per kill, no process survives.
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { makeProject, readRunManifest } from './helpers.js';
import { checkManifest, ledger, noSurvivors, onlyRunDir, runSucceeded, seededRandom, startCli, succeededInJournal } from './crash-helpers.js';

const STAGES = 30;
const KILLS = 20;

/** 30 stages that append their id to a ledger, then sleep 10-200 ms. */
function torturePipeline(random: () => number): string {
  const lines = ['version: 1', 'name: torture', 'stages:'];
  for (let i = 0; i < STAGES; i++) {
    const sleep = (0.01 + random() * 0.19).toFixed(3);
    lines.push(`  s${i}:`, `    run: echo s${i} >> ledger; sleep ${sleep}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('crash torture', () => {
  it(`survives ${KILLS} SIGKILLs of the runner at random moments`, async () => {
    const random = seededRandom(20261121);
    const project = makeProject({ 'torture.yaml': torturePipeline(random) });
    const checkpoints: { ledgerLength: number; succeeded: Set<string> }[] = [];
    let kills = 0;
    let finalCode: number | string = -1;
    for (let round = 0; round < 200; round++) {
      const runDir = onlyRunDir(project, 'torture');
      if (runSucceeded(runDir)) {
        finalCode = 0; // the last kill landed after the run had ended
        break;
      }
      const { child, exited } = startCli(project, runDir ? ['resume', '--last'] : ['run', 'torture.yaml']);
      if (kills >= KILLS) {
        finalCode = await exited;
        if (finalCode === 0) break;
        continue;
      }
      const outcome = await Promise.race([exited, delay(150 + random() * 450).then(() => 'timer' as const)]);
      if (outcome !== 'timer') {
        finalCode = outcome;
        if (outcome === 0) break;
        continue;
      }
      child.kill('SIGKILL');
      await exited;
      kills++;
      const dir = onlyRunDir(project, 'torture');
      checkManifest(dir);
      if (dir) checkpoints.push({ ledgerLength: ledger(project).length, succeeded: succeededInJournal(dir) });
    }
    expect(finalCode).toBe(0);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    const runDir = onlyRunDir(project, 'torture') as string;
    const manifest = readRunManifest(runDir);
    expect(manifest.status).toBe('succeeded');
    const lines = ledger(project);
    expect(new Set(lines)).toEqual(new Set(Array.from({ length: STAGES }, (_, i) => `s${i}`)));
    expect(lines.length).toBeLessThanOrEqual(STAGES + kills);
    for (const { ledgerLength, succeeded } of checkpoints) {
      const later = lines.slice(ledgerLength);
      expect(later.filter((stage) => succeeded.has(stage))).toEqual([]);
    }
    expect(await noSurvivors(runDir)).toBe(true);
  }, 90_000);
});
