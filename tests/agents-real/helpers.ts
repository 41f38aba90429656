// Helpers of the real-CLI contract tests: a project whose roles map to the pinned CLIs, the
// built flowstate run as a real process, leftovers found through /proc, stream recording.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JournalEvent } from '../../src/model/index.js';
import { CLI, REPO } from '../e2e/helpers.js';

/** Where scripts/agents-real.mjs installed the pinned CLIs. */
export const AGENTS_BIN = process.env.FLOWSTATE_AGENTS_BIN ?? '';
/** package name -> pinned version. */
export const PINNED = JSON.parse(process.env.FLOWSTATE_AGENTS_PINNED ?? '{}') as Record<string, string>;
export const RECORD = process.env.FLOWSTATE_RECORD_STREAMS === '1';
export const REAL_STREAMS = join(REPO, 'tests/fixtures/agent-streams/real');

/** A finished `flowstate run`: exit code, output, wall time, and its journal. */
export interface RealRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  runDir: string;
  events: JournalEvent[];
}

/** A temporary project with the given files, and an empty HOME for the CLIs (no login, nothing of the machine's). */
export function realProject(files: Record<string, string>): { dir: string; home: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flowstate-real-'));
  const home = join(dir, '.home');
  mkdirSync(home);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, home };
}

/** Runs `flowstate run PIPELINE --json` in the project with the pinned CLIs first on PATH. */
export function runReal(dir: string, home: string, pipeline: string): Promise<RealRun> {
  const started = performance.now();
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    NO_COLOR: '1',
    CI: '1',
    PATH: `${AGENTS_BIN}:${process.env.PATH ?? ''}`,
    FLOWSTATE_RUNS_DIR: '',
  };
  const child = spawn(process.execPath, [CLI, 'run', pipeline], { cwd: dir, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const runDir = newestRunDir(join(dir, '.runs', pipeline));
      resolve({ code, stdout, stderr, wallMs: performance.now() - started, runDir, events: readJournal(runDir) });
    });
  });
}

/** The only (newest) run directory of a pipeline. */
function newestRunDir(pipelineRuns: string): string {
  const ids = readdirSync(pipelineRuns)
    .filter((name) => !name.startsWith('.'))
    .sort();
  return join(pipelineRuns, ids[ids.length - 1] ?? '');
}

/** A run's journal. */
function readJournal(runDir: string): JournalEvent[] {
  return readFileSync(join(runDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as JournalEvent);
}

/**
 * Splits a stage log into what the CLI printed on stdout (its JSON records) and on stderr (the
 * other lines; flowstate's own `[flowstate]` notes are dropped), with the machine's paths replaced.
 */
export function recordStreams(log: string, name: string, paths: Record<string, string>): void {
  const lines = readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('[flowstate] '));
  const clean = (line: string): string => Object.entries(paths).reduce((text, [from, to]) => text.split(from).join(to), line);
  const isRecord = (line: string): boolean => line.startsWith('{') && line.endsWith('}');
  mkdirSync(REAL_STREAMS, { recursive: true });
  const text = (picked: string[]): string =>
    picked
      .map(clean)
      .map((line) => `${line}\n`)
      .join('');
  writeFileSync(join(REAL_STREAMS, `${name}.stdout.jsonl`), text(lines.filter(isRecord)));
  writeFileSync(join(REAL_STREAMS, `${name}.stderr.txt`), text(lines.filter((line) => !isRecord(line))));
}
