// Helpers for crash tests: run the CLI as a child we can kill, and read what the run left.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { groupsWithEnv } from '../../src/exec/index.js';
import { CLI, groupAlive, readEvents, readRunManifest } from './helpers.js';

/** Starts `flowstate <args>` in `cwd`; resolves its exit code (or signal) when it ends. */
export function startCli(cwd: string, args: string[]): { child: ChildProcess; exited: Promise<number | string> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FLOWSTATE_RUNS_DIR: '' } });
  child.stdout?.resume();
  child.stderr?.resume();
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, exited };
}

/** The only run directory of a pipeline in a project (tests start one run each). */
export function onlyRunDir(project: string, pipeline: string): string | null {
  const dir = join(project, '.runs', pipeline);
  if (!existsSync(dir)) return null;
  const runs = readdirSync(dir);
  return runs.length === 1 ? join(dir, runs[0]) : null;
}

/** Ledger lines (stage ids appended by the stages themselves). */
export function ledger(project: string): string[] {
  const file = join(project, 'ledger');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/** Stages the journal records as succeeded. */
export function succeededInJournal(runDir: string): Set<string> {
  const done = new Set<string>();
  for (const e of readEvents(runDir)) if (e.type === 'stage.finished' && e.status === 'succeeded') done.add(e.stage);
  return done;
}

/** Every process group the run's stages ran in: recorded on stage.finished, or still live (found by FLOWSTATE_RUN_ID). */
export function stageGroups(runDir: string): number[] {
  const finished = readEvents(runDir).flatMap((e) => (e.type === 'stage.finished' && typeof e.pid === 'number' ? [e.pid] : []));
  return [...finished, ...groupsWithEnv('FLOWSTATE_RUN_ID', basename(runDir))];
}

/** Waits until no stage group of the run is alive (leftovers are killed by resume or end by themselves). */
export async function noSurvivors(runDir: string): Promise<boolean> {
  return stageGroups(runDir).every((pgid) => !groupAlive(pgid));
}

/** Reads and schema-checks the manifest if it exists (it may not yet, right after a kill at start-up). */
export function checkManifest(runDir: string | null): void {
  if (runDir && existsSync(join(runDir, 'manifest.json'))) readRunManifest(runDir);
}

/** A deterministic pseudo-random generator (the test must be reproducible). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** True once the run's journal records that it ended succeeded (a kill may land just after). */
export function runSucceeded(runDir: string | null): boolean {
  if (!runDir) return false;
  try {
    return readEvents(runDir).some((e) => e.type === 'run.finished' && e.status === 'succeeded');
  } catch {
    return false;
  }
}

/** What a torture loop saw: the final exit, the kills, and what the journal held at each kill. */
export interface TortureResult {
  finalCode: number | string;
  kills: number;
  checkpoints: { ledgerLength: number; succeeded: Set<string> }[];
}

/**
 * Runs `flowstate run <file>`, SIGKILLs the runner after `killAfterMs()` and resumes it, `kills`
 * times, then lets the last resume finish. Records the ledger length and the succeeded stages
 * of the journal at each kill.
 */
export async function tortureRun(project: string, pipeline: string, file: string, kills: number, killAfterMs: () => number): Promise<TortureResult> {
  const result: TortureResult = { finalCode: -1, kills: 0, checkpoints: [] };
  for (let round = 0; round < 200; round++) {
    const runDir = onlyRunDir(project, pipeline);
    if (runSucceeded(runDir)) {
      result.finalCode = 0; // the last kill landed after the run had ended
      break;
    }
    const { child, exited } = startCli(project, runDir ? ['resume', '--last'] : ['run', file]);
    if (result.kills >= kills) {
      result.finalCode = await exited;
      if (result.finalCode === 0) break;
      continue;
    }
    const outcome = await Promise.race([exited, new Promise<'timer'>((resolve) => setTimeout(() => resolve('timer'), killAfterMs()))]);
    if (outcome !== 'timer') {
      result.finalCode = outcome;
      if (outcome === 0) break;
      continue;
    }
    child.kill('SIGKILL');
    await exited;
    result.kills++;
    const dir = onlyRunDir(project, pipeline);
    checkManifest(dir);
    if (dir) result.checkpoints.push({ ledgerLength: ledger(project).length, succeeded: succeededInJournal(dir) });
  }
  return result;
}
