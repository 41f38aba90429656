// Running the built CLI (`node bin/flowstate.js`, after `npm run build`) with the fake agent
// CLIs first on PATH and runs recorded in a temporary directory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { FAKE_BIN, REPO } from './helpers.js';

export const CLI = join(REPO, 'bin/flowstate.js');
export const GOLDENS = join(REPO, 'tests/fixtures/agent-goldens');
const UPDATE = process.env.UPDATE_GOLDENS === '1';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** PATH with the fake CLIs first, then node's directory and the system's (no real agent CLI can leak in). */
export function fakePath(): string {
  return [FAKE_BIN, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':');
}

/** Runs `node bin/flowstate.js ARGS` in `cwd`. */
export function flowstate(cwd: string, args: string[], env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', CI: '1', PATH: fakePath(), FLOWSTATE_RUNS_DIR: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Compares text with a golden file (UPDATE_GOLDENS=1 rewrites it); the repo path reads <REPO>. */
export function expectGolden(name: string, text: string): void {
  const file = join(GOLDENS, name);
  const actual = text.split(REPO).join('<REPO>');
  if (UPDATE) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`missing golden ${file}: run with UPDATE_GOLDENS=1 and review it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** A CLI run as one golden document: the command, the exit code, stdout and stderr. */
export function transcript(args: string[], run: CliRun): string {
  return `$ flowstate ${args.join(' ')}\n[exit ${run.code}]\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
}
