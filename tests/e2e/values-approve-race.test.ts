// Values you can trust (issue 10): concurrent approve/reject on a run nobody owns give exactly
// one winner (exit 0); every loser exits 5 "already decided", never a run-lock failure.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../src/model/index.js';
import { makeProject, pipelineYaml, readEvents, runCli } from './helpers.js';
import { onlyRunDir, startCli } from './crash-helpers.js';

const GATED = pipelineYaml('gated', '  ship:\n    approval: { message: "Ship it?" }\n    run: echo shipped >> shipped.txt\n');

/** Starts the deciders at once; resolves their exit codes and joined stderr. */
async function decideTogether(project: string, commands: string[][]): Promise<{ codes: (number | string)[]; stderr: string }> {
  const started = commands.map((args) => startCli(project, args));
  let stderr = '';
  for (const p of started) p.child.stderr?.on('data', (d: Buffer) => (stderr += d));
  const codes = await Promise.all(started.map((p) => p.exited));
  return { codes, stderr };
}

const decided = (events: JournalEvent[]) => events.filter((e) => e.type === 'gate.decided');

describe('concurrent approve / reject', () => {
  it.each([false, true])('exactly one winner; every loser exits 5 "already decided" (resuming: %s)', async (resume) => {
    const project = makeProject({ 'g.yaml': GATED });
    expect(runCli(project, ['run', 'g.yaml']).code).toBe(4);
    const extra = resume ? [] : ['--no-resume'];
    const { codes, stderr } = await decideTogether(project, [
      ['approve', 'last', ...extra],
      ['reject', 'last', ...extra],
      ['approve', 'last', ...extra],
      ['reject', 'last', ...extra],
    ]);
    const winners = codes.filter((c) => c === 0 || c === 1);
    expect(winners).toHaveLength(1);
    expect(codes.filter((c) => c === 5)).toHaveLength(3);
    expect(stderr).not.toMatch(/locked by|being locked|contended/);
    expect(stderr.match(/already (decided: )?(approved|rejected)/g)).toHaveLength(3);
    expect(decided(readEvents(onlyRunDir(project, 'gated') as string))).toHaveLength(1);
  });

  it('a decision on disk that nobody journalled yet: every decider loses cleanly, and resume applies it once', async () => {
    const project = makeProject({ 'g.yaml': GATED });
    expect(runCli(project, ['run', 'g.yaml']).code).toBe(4);
    const runDir = onlyRunDir(project, 'gated') as string;
    mkdirSync(join(runDir, 'decisions'), { recursive: true });
    writeFileSync(join(runDir, 'decisions/ship.1.json'), `${JSON.stringify({ decision: 'approved', by: 'ana', comment: null, at: new Date().toISOString() })}\n`);
    const { codes, stderr } = await decideTogether(project, [
      ['reject', 'last'],
      ['approve', 'last'],
      ['reject', 'last'],
      ['approve', 'last'],
    ]);
    expect(codes).toEqual([5, 5, 5, 5]);
    expect(stderr.match(/already decided: approved by ana/g)).toHaveLength(4);
    expect(stderr).not.toMatch(/locked by|being locked|contended/);
    expect(runCli(project, ['resume', '--last']).code).toBe(0);
    expect(decided(readEvents(runDir))).toHaveLength(1);
    const late = runCli(project, ['reject', 'last']); // a loser that arrives after the winner's run ended
    expect(late.code).toBe(5);
    expect(late.stderr).toContain('already decided: approved by ana; the run has since ended succeeded');
  });
});
