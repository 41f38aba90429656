// Test helpers: temporary projects on disk, the built CLI as a real process, run records.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JournalEvent, RunManifest } from '../../src/model/index.js';
import { validateEvent, validateManifest } from '../../src/store/index.js';
import { isProcessGroupAlive } from '../../src/exec/index.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(REPO, 'bin/flowstate.js');

/** Creates a temporary project: orchestrator.yaml (optional) and the given files. */
export function makeProject(files: Record<string, string>, orchestrator: string | null = 'version: 1\n'): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowstate-e2e-'));
  if (orchestrator !== null) writeFileSync(join(dir, 'orchestrator.yaml'), orchestrator);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a real process in `cwd`. */
export function runCli(cwd: string, args: string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FLOWSTATE_RUNS_DIR: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Reads a run's journal and checks every event against schemas/event.schema.json. */
export function readEvents(runDir: string): JournalEvent[] {
  const lines = readFileSync(join(runDir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean);
  const events = lines.map((line) => JSON.parse(line) as JournalEvent);
  for (const event of events) {
    const problems = validateEvent(event);
    if (problems.length > 0) throw new Error(`event ${JSON.stringify(event)} is invalid: ${problems.join('; ')}`);
  }
  return events;
}

/** Reads a run's manifest and checks it against schemas/manifest.schema.json. */
export function readRunManifest(runDir: string): RunManifest {
  const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as RunManifest;
  const problems = validateManifest(manifest);
  if (problems.length > 0) throw new Error(`manifest is invalid: ${problems.join('; ')}`);
  return manifest;
}

/** True while any live (non-zombie) process of the group exists. */
export function groupAlive(pgid: number): boolean {
  return isProcessGroupAlive(pgid);
}

/** True while the process exists and is not a zombie (pid 1 here does not reap orphans). */
export function pidAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A pipeline file's text from a name and a stages block (YAML, indented by 2). */
export function pipelineYaml(name: string, stages: string, extra = ''): string {
  return `version: 1\nname: ${name}\n${extra}stages:\n${stages}`;
}

/** What `flowstate run ... --json` prints. */
export interface RunJson {
  run_id: string;
  status: string;
  reason: string | null;
  run_dir: string;
}

/** Runs `flowstate run ARGS --json` in `cwd` and parses its one JSON document. */
export function runJson(cwd: string, args: string[], env: Record<string, string> = {}): RunJson {
  return JSON.parse(runCli(cwd, ['run', ...args, '--json'], env).stdout) as RunJson;
}
