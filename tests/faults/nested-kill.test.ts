// Kills while a nested pipeline runs. What must hold whatever nested resume does (issue 10
// resumes a child run in place; until then a resumed parent starts the child run anew): no
// process of the run tree is left once it ends, no stage the parent completed runs again,
// every manifest (parent and children) stays valid, and the run ends succeeded.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { makeProject, readRunManifest } from '../e2e/helpers.js';
import { checkManifest, ledger, seededRandom, startCli, succeededInJournal } from '../e2e/crash-helpers.js';
import { expectNoProcessesOf, journalOf, runDirs } from './helpers.js';

const KILLS = 6;
const PARENT = 'version: 1\nname: parent\nstages:\n  p1:\n    run: echo p1 >> ledger\n  nest:\n    pipeline: child.yaml\n  p2:\n    run: echo p2 >> ledger\n';
const CHILD = `version: 1\nname: child\nstages:\n${[0, 1, 2, 3, 4].map((i) => `  c${i}:\n    run: echo c${i} >> ledger; sleep 0.${2 + (i % 3)}\n`).join('')}`;

describe('kills during a nested pipeline', () => {
  it(`${KILLS} SIGKILLs of the runner while the child runs: nothing orphaned or re-run, manifests valid`, async () => {
    const random = seededRandom(11);
    const project = makeProject({ 'parent.yaml': PARENT, 'child.yaml': CHILD });
    let runId: string | null = null;
    let kills = 0;
    let code: number | string = -1;
    for (let round = 0; round < 40 && code !== 0; round++) {
      const parentDone = runId ? succeededInJournal(join(project, '.runs/parent', runId)) : new Set<string>();
      const before = ledger(project).length;
      const { child, exited } = startCli(project, runId ? ['resume', runId] : ['run', 'parent.yaml']);
      // Kill once a child stage ran in this round (the child run is live), at a random moment after.
      let roundOver = false;
      const childRan = async (): Promise<'kill'> => {
        while (
          !roundOver &&
          !ledger(project)
            .slice(before)
            .some((stage) => stage.startsWith('c'))
        )
          await delay(10);
        await delay(random() * 400);
        return 'kill';
      };
      const killAt = kills < KILLS ? childRan() : new Promise<never>(() => undefined);
      const outcome = await Promise.race([exited, killAt]);
      roundOver = true;
      runId ??= runDirs(project, 'parent')[0]?.split('/').pop() ?? null;
      if (outcome === 'kill') {
        child.kill('SIGKILL');
        await exited;
        kills++;
      } else code = outcome;
      // Stages the parent had completed before this round never ran again.
      expect(
        ledger(project)
          .slice(before)
          .filter((stage) => parentDone.has(stage)),
      ).toEqual([]);
      for (const pipeline of ['parent', 'child']) for (const dir of runDirs(project, pipeline)) checkManifest(dir);
    }
    expect(code).toBe(0);
    expect(kills).toBe(KILLS);
    const parentDir = join(project, '.runs/parent', runId as string);
    expect(readRunManifest(parentDir).status).toBe('succeeded');
    await expectNoProcessesOf(runId as string);
    const lines = ledger(project);
    expect(lines.filter((s) => s === 'p1')).toHaveLength(1);
    expect(lines.filter((s) => s === 'p2')).toHaveLength(1);
    const childRuns = readdirSync(join(project, '.runs/child'));
    const childEvents = childRuns.flatMap((id) => journalOf(join(project, '.runs/child', id)));
    console.log(
      `nested kills: ${kills}, child runs ${childRuns.length}, child stage executions ${lines.filter((s) => s.startsWith('c')).length} for 5 stages (${childEvents.length} child events)`,
    );
  }, 180_000);
});
