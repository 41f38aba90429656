// Contract tests against the real agent CLIs at their pinned releases (npm run test:agents-real).
// flowstate runs each adapter's exact command line offline, as a user would: roles mapped to
// the CLIs in orchestrator.yaml, the CLIs found on PATH, an empty HOME (no login). Asserted:
// the CLI accepts the arguments, the offline failure becomes a clear reason and a readable
// tail, the stage ends within its limits, the journal records the CLI's version, and no
// process is left behind.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StageFinishedEvent, StageStartedEvent } from '../../src/model/index.js';
import { groupsWithEnv } from '../../src/exec/index.js';
import { AGENTS_BIN, PINNED, realProject, recordStreams, RECORD, runReal, type RealRun } from './helpers.js';

const ORCHESTRATOR = `version: 1
runtimes:
  claude_code: { adapter: claude-code, command: claude }
  codex: { adapter: codex, command: codex }
  opencode: { adapter: opencode, command: opencode, idle_timeout: 5s }
runtime_profile:
  stages: { interview: codex, evaluate: claude_code, execute: opencode }
`;
const MIXED = `version: 1
name: real-mixed
stages:
  review:
    parallel:
      plan: { agent: { role: interview, prompt: "List the files of this project." }, timeout: 20s }
      judge: { agent: { role: evaluate, prompt: "Reply with JSON {\\"signal\\": \\"pass\\"}" } }
`;
const OPENCODE = `version: 1
name: real-opencode
stages:
  build: { agent: { role: execute, prompt: "Say hi" } }
`;
/** Words a CLI prints when it rejects its command line. */
const USAGE_ERROR = /unexpected argument|unknown option|unrecognized|Usage:|invalid value/i;

const project = realProject({ 'orchestrator.yaml': ORCHESTRATOR, 'pipelines/real-mixed.yaml': MIXED, 'pipelines/real-opencode.yaml': OPENCODE });
let mixed: RealRun;
let opencode: RealRun;

function finished(run: RealRun, stage: string): StageFinishedEvent {
  const event = run.events.find((e): e is StageFinishedEvent => e.type === 'stage.finished' && e.stage === stage);
  if (event === undefined) throw new Error(`no stage.finished for ${stage}:\n${run.stdout}${run.stderr}`);
  return event;
}

function started(run: RealRun, stage: string): StageStartedEvent {
  const event = run.events.find((e): e is StageStartedEvent => e.type === 'stage.started' && e.stage === stage);
  if (event === undefined) throw new Error(`no stage.started for ${stage}`);
  return event;
}

/** The tail is for people: no raw JSON protocol line in it. */
function expectReadable(tail: string[] | undefined): void {
  expect(tail).toBeDefined();
  for (const line of tail ?? []) expect(line.trim().startsWith('{'), line).toBe(false);
}

beforeAll(async () => {
  expect(AGENTS_BIN, 'run through `npm run test:agents-real`').not.toBe('');
  [mixed, opencode] = await Promise.all([runReal(project.dir, project.home, 'real-mixed'), runReal(project.dir, project.home, 'real-opencode')]);
  if (RECORD) {
    const paths = { [project.home]: '/home/user', [project.dir]: '/project' };
    recordStreams(join(mixed.runDir, 'logs/judge.1.log'), `claude-${PINNED['@anthropic-ai/claude-code']}-offline`, paths);
    recordStreams(join(mixed.runDir, 'logs/plan.1.log'), `codex-${PINNED['@openai/codex']}-offline`, paths);
    recordStreams(join(opencode.runDir, 'logs/build.1.log'), `opencode-${PINNED['opencode-ai']}-offline`, paths);
  }
});

describe('claude (real CLI, offline, no login)', () => {
  it('accepts the command line and fails at once with "Not logged in" as reason and tail', () => {
    const event = finished(mixed, 'judge');
    expect(event.status).toBe('failed');
    expect(event.reason).toMatch(/Not logged in/);
    expectReadable(event.tail);
    expect(event.tail?.join('\n')).toMatch(/Not logged in · Please run \/login/);
    expect(event.duration_ms).toBeLessThan(20_000);
    expect(started(mixed, 'judge').runtime_version).toBe(`${PINNED['@anthropic-ai/claude-code']} (Claude Code)`);
  });
});

describe('codex (real CLI, offline)', () => {
  it('accepts the command line and times out with the network error as reason and tail', () => {
    const event = finished(mixed, 'plan');
    expect(event.status).toBe('timed_out');
    expect(event.reason).toMatch(/^timed out after 20s; codex was waiting for network/);
    expectReadable(event.tail);
    expect(event.tail?.join('\n')).toMatch(/waiting for network/);
    expect(event.duration_ms).toBeLessThan(20_000 + 10_000);
    expect(started(mixed, 'plan').runtime_version).toBe(`codex-cli ${PINNED['@openai/codex']}`);
  });
});

describe('a pipeline mapping roles to the real claude and codex', () => {
  it('fails well under a minute, showing both readable reasons and tails', () => {
    expect(mixed.code).toBe(1);
    expect(mixed.wallMs).toBeLessThan(45_000);
    expect(mixed.stdout).toMatch(/│ result \(success, is_error\): Not logged in · Please run \/login/);
    expect(mixed.stdout).toMatch(/│ error: Reconnecting\.\.\. waiting for network/);
    expect(mixed.stdout).not.toMatch(/│ \{/);
    expect(mixed.stdout + mixed.stderr).not.toMatch(USAGE_ERROR);
  });
});

describe('opencode (real CLI, offline)', () => {
  it('accepts the command line, prints nothing, and fails in about 5 s with "no output for 5s"', () => {
    const event = finished(opencode, 'build');
    expect(event.status).toBe('timed_out');
    expect(event.reason).toBe('no output for 5s');
    expect(event.duration_ms).toBeGreaterThanOrEqual(5000);
    expect(event.duration_ms).toBeLessThan(5000 + 8000);
    expect(opencode.code).toBe(1);
    expect(opencode.stdout).toMatch(/⏱ build {2}timed out \(no output for 5s\)/);
    expect(opencode.stdout + opencode.stderr).not.toMatch(USAGE_ERROR);
    expect(started(opencode, 'build').runtime_version).toBe(PINNED['opencode-ai']);
  });
});

describe('after the runs', () => {
  it('leaves no process of any CLI behind', () => {
    expect(groupsWithEnv('HOME', project.home)).toEqual([]);
  });
});
