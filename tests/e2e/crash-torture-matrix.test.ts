// Crash torture of a matrix stage: the runner is SIGKILLed at random moments while cells run
// (several at once) and resumed each time. No cell the journal records as succeeded runs again,
// at most the cells in flight re-run per kill, and no process survives.
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, readRunManifest } from './helpers.js';
import { ledger, noSurvivors, onlyRunDir, seededRandom, tortureRun } from './crash-helpers.js';

const CELLS = 24;
const MAX_PARALLEL = 3;
const KILLS = 8;

/** One matrix stage of 24 cells, 3 at once; each appends its cell id to a ledger, then sleeps 100-400 ms. */
const PIPELINE = pipelineYaml(
  'mtorture',
  [
    '  cells:',
    `    matrix: { n: [${Array.from({ length: CELLS }, (_, i) => i).join(', ')}] }`,
    `    max_parallel: ${MAX_PARALLEL}`,
    '    env: { N: "${{ matrix.n }}" }',
    '    run: echo "$FLOWSTATE_STAGE" >> ledger; sleep 0.$(( N % 4 + 1 ))',
    '  after:',
    '    run: echo after >> ledger',
    '',
  ].join('\n'),
);

const cellIds = Array.from({ length: CELLS }, (_, i) => `cells[n=${i}]`);

describe('crash torture of a matrix stage', () => {
  it(`survives ${KILLS} SIGKILLs while cells run, re-running only cells in flight`, async () => {
    const random = seededRandom(20261206);
    const project = makeProject({ 'm.yaml': PIPELINE });
    const { finalCode, kills, checkpoints } = await tortureRun(project, 'mtorture', 'm.yaml', KILLS, () => 300 + random() * 500);
    expect(finalCode).toBe(0);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    const runDir = onlyRunDir(project, 'mtorture') as string;
    const manifest = readRunManifest(runDir);
    expect(manifest.status).toBe('succeeded');
    expect(manifest.stages.cells.outputs).toMatchObject({ total: CELLS, succeeded: CELLS });
    const lines = ledger(project);
    expect(new Set(lines)).toEqual(new Set([...cellIds, 'after']));
    // Nothing is lost, and each kill re-runs at most the cells that were in flight.
    expect(lines.length).toBeLessThanOrEqual(CELLS + 1 + kills * MAX_PARALLEL);
    for (const { ledgerLength, succeeded } of checkpoints) {
      const later = lines.slice(ledgerLength);
      expect(later.filter((cell) => succeeded.has(cell))).toEqual([]);
    }
    expect(await noSurvivors(runDir)).toBe(true);
  }, 120_000);
});
