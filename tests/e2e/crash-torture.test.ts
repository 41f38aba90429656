// Crash torture (issue 4): the runner is killed at random moments and resumed each time.
// No completed stage runs again, at most one stage re-runs per kill, no process survives.
import { describe, expect, it } from 'vitest';
import { makeProject, readRunManifest } from './helpers.js';
import { ledger, noSurvivors, onlyRunDir, seededRandom, tortureRun } from './crash-helpers.js';

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
    const { finalCode, kills, checkpoints } = await tortureRun(project, 'torture', 'torture.yaml', KILLS, () => 150 + random() * 450);
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
