// Kills during start-up: 20 SIGKILLs at random points of the 100 ms around the moment the run
// directory is created. A run is visible only complete (journal with run.started, manifest) and
// then resumable; a half-built one is never visible and is cleaned up by the next run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRuns, resumeRun } from '../../src/api/index.js';
import { currentManifest, readJournal, runPathsAt } from '../../src/store/index.js';
import { makeProject, pipelineYaml, runCli } from '../e2e/helpers.js';
import { seededRandom } from '../e2e/crash-helpers.js';
import { expectNoProcessesOf, runDirs, start, until } from './helpers.js';

const KILLS = 20;
const WAVE = 5;

describe('kill during start-up', () => {
  it(`${KILLS} kills at random points of the first 100 ms leave no invisible or unresumable run`, async () => {
    const project = makeProject({ 's.yaml': pipelineYaml('s', '  a:\n    run: echo "$FLOWSTATE_RUN_ID" >> ledger\n') });
    // Kills come in waves of WAVE concurrent runs. Calibrate with one wave: how long after
    // spawning do their run directories appear on this (possibly loaded) machine?
    const t0 = performance.now();
    const calibration = Array.from({ length: WAVE }, () => start(project, ['run', 's.yaml']));
    await until('the calibration runs', () => runDirs(project, 's').length >= Math.ceil(WAVE / 2));
    const createdAfter = performance.now() - t0;
    for (const cli of calibration) expect(await cli.exit).toBe(0);
    const random = seededRandom(20261206);
    const outcomes = { invisible: 0, interrupted: 0, finished: 0 };
    for (let wave = 0; wave < KILLS / WAVE; wave++) {
      const before = new Set(runDirs(project, 's'));
      const kills = Array.from({ length: WAVE }, async () => {
        const cli = start(project, ['run', 's.yaml']);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, createdAfter - 60 + random() * 100)));
        cli.child.kill('SIGKILL');
        await cli.exit;
      });
      await Promise.all(kills);
      const created = runDirs(project, 's').filter((dir) => !before.has(dir));
      expect(created.length).toBeLessThanOrEqual(WAVE);
      outcomes.invisible += WAVE - created.length;
      for (const dir of created) {
        // Visible means complete: run.started is in the journal and there is a manifest.
        expect(readJournal(join(dir, 'events.jsonl')).events[0]?.type).toBe('run.started');
        expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
        expect(currentManifest(runPathsAt(dir)).run_id).toBe(dir.split('/').pop());
      }
    }
    const listed = listRuns({ cwd: project });
    expect(listed).toHaveLength(runDirs(project, 's').length);
    for (const run of listed.filter((r) => r.status !== 'succeeded')) {
      expect(run.status).toBe('interrupted');
      outcomes.interrupted++;
      await expectNoProcessesOf(run.run_id).catch(() => undefined); // leftovers are resume's job
      const resumed = await resumeRun({ cwd: project, run: run.run_id });
      expect(resumed.status).toBe('succeeded');
      await expectNoProcessesOf(run.run_id);
    }
    outcomes.finished = listed.length - WAVE - outcomes.interrupted;
    console.log(`start-up kills: ${JSON.stringify(outcomes)} (run dir appears ~${Math.round(createdAfter)} ms after spawn)`);
    // Every visible run ran its stage exactly once, resumed or not.
    const ledger = readFileSync(join(project, 'ledger'), 'utf8').split('\n').filter(Boolean);
    expect(new Set(ledger)).toEqual(new Set(listRuns({ cwd: project }).map((r) => r.run_id)));
    // The next run removes what killed creators left half-built.
    expect(runCli(project, ['run', 's.yaml']).code).toBe(0);
    const staging = join(project, '.runs/.staging');
    const left = existsSync(staging) ? readdirSync(staging).filter((name) => existsSync(join(staging, name, 'lock'))) : [];
    expect(left).toEqual([]);
  }, 120_000);
});
