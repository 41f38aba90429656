// End to end through the built CLI: pipelines whose roles map to the fake CLIs replaying what
// the real claude, codex and opencode printed offline (tests/fixtures/agent-streams/real). The
// run fails fast with readable reasons and tails (never raw JSON), the timeout reasons say why,
// an idle timeout ends opencode's silence, the CLI's version is journalled, nothing is left running.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupsWithEnv } from '../../src/exec/index.js';
import type { JournalEvent, StageFinishedEvent, StageStartedEvent } from '../../src/model/index.js';
import { makeProject, readEvents } from '../e2e/helpers.js';
import { flowstate } from './cli-helpers.js';
import { STREAMS } from './helpers.js';

const real = (name: string) => join(STREAMS, 'real', name);
const ORCHESTRATOR = `version: 1
runtimes:
  codex:
    adapter: codex
    command: codex
    env: { FAKE_AGENT_MODE: replay, FAKE_AGENT_STREAM: "${real('codex-0.169.0-offline.stdout.jsonl')}", FAKE_AGENT_STDERR: "${real('codex-0.169.0-offline.stderr.txt')}", FAKE_AGENT_AFTER: "repeat-last:200" }
  claude_code:
    adapter: claude-code
    command: claude
    env: { FAKE_AGENT_MODE: replay, FAKE_AGENT_STREAM: "${real('claude-2.1.328-offline.stdout.jsonl')}", FAKE_AGENT_AFTER: "exit:1" }
  opencode:
    adapter: opencode
    command: opencode
    env: { FAKE_AGENT_MODE: replay, FAKE_AGENT_STREAM: "${real('opencode-1.18.33-offline.stdout.jsonl')}", FAKE_AGENT_AFTER: hang }
  quiet_opencode:
    adapter: opencode
    command: opencode
    idle_timeout: 1s
    env: { FAKE_AGENT_MODE: replay, FAKE_AGENT_AFTER: hang }
runtime_profile:
  stages: { interview: codex, evaluate: claude_code, execute: opencode, reflect: quiet_opencode }
`;
const MIXED = `version: 1
name: offline-mixed
stages:
  review:
    parallel:
      plan: { agent: { role: interview, prompt: "List the files." }, timeout: 2s }
      judge: { agent: { role: evaluate, prompt: "Judge it." } }
`;
const OPENCODE = `version: 1
name: offline-opencode
stages:
  build: { agent: { role: execute, prompt: "Say hi" }, idle_timeout: 1s }
`;
const RUNTIME_IDLE = `version: 1
name: runtime-idle
stages:
  learn: { agent: { role: reflect, prompt: "What did we learn?" } }
`;

const IDLE_RETRY = `version: 1
name: idle-retry
stages:
  wait: { run: "echo started; sleep 30", idle_timeout: 500ms, retry: { max: 1 } }
`;

const project = makeProject(
  { 'pipelines/offline-mixed.yaml': MIXED, 'pipelines/offline-opencode.yaml': OPENCODE, 'pipelines/runtime-idle.yaml': RUNTIME_IDLE, 'pipelines/idle-retry.yaml': IDLE_RETRY },
  ORCHESTRATOR,
);

/** Runs a pipeline of the project; returns the CLI's output, the journal and what is left running. */
function run(pipeline: string) {
  const result = flowstate(project, ['run', pipeline]);
  const runId = /run (\S+)/.exec(result.stdout)?.[1] ?? '';
  const events = readEvents(join(project, '.runs', pipeline, runId));
  return { ...result, events, leftovers: groupsWithEnv('FLOWSTATE_RUN_ID', runId) };
}

const finishedOf = (events: JournalEvent[], stage: string) => events.find((e): e is StageFinishedEvent => e.type === 'stage.finished' && e.stage === stage) as StageFinishedEvent;
const startedOf = (events: JournalEvent[], stage: string) => events.find((e): e is StageStartedEvent => e.type === 'stage.started' && e.stage === stage) as StageStartedEvent;

describe('roles mapped to the recorded offline claude and codex', () => {
  const mixed = run('offline-mixed');

  it('fails with readable reasons: "Not logged in" and codex waiting for network', () => {
    expect(mixed.code).toBe(1);
    expect(finishedOf(mixed.events, 'judge')).toMatchObject({ status: 'failed', reason: 'exit 1: claude result success, is_error: Not logged in · Please run /login' });
    expect(finishedOf(mixed.events, 'plan').status).toBe('timed_out');
    expect(finishedOf(mixed.events, 'plan').reason).toMatch(/^timed out after 2s; codex was waiting for network \(last event: Reconnecting\.\.\. waiting for network/);
  });

  it('prints the adapters’ human lines under each failed stage, never the JSON protocol', () => {
    expect(mixed.stdout).toContain('│ result (success, is_error): Not logged in · Please run /login');
    expect(mixed.stdout).toMatch(/│ error: Reconnecting\.\.\. waiting for network \(Connection failed: error sending request\)/);
    expect(mixed.stdout).toMatch(/⏱ plan {2}timed out after 2s; codex was waiting for network/);
    expect(mixed.stdout).not.toMatch(/│ \{/);
    for (const stage of ['plan', 'judge']) for (const line of finishedOf(mixed.events, stage).tail ?? []) expect(line.startsWith('{')).toBe(false);
  });

  it('journals each runtime’s --version on stage.started', () => {
    expect(startedOf(mixed.events, 'plan').runtime_version).toBe('codex-cli 0.0.0-fake');
    expect(startedOf(mixed.events, 'judge').runtime_version).toBe('2.0.0 (Claude Code, fake)');
  });

  it('leaves no process of the run behind', () => {
    expect(mixed.leftovers).toEqual([]);
  });
});

describe('opencode’s silence', () => {
  it('ends the stage with "no output for 1s" (stage idle_timeout), nothing left running', () => {
    const result = run('offline-opencode');
    expect(result.code).toBe(1);
    expect(finishedOf(result.events, 'build')).toMatchObject({ status: 'timed_out', reason: 'no output for 1s', tail: [] });
    expect(result.stdout).toContain('⏱ build  timed out (no output for 1s)');
    expect(result.leftovers).toEqual([]);
  });

  it('ends the stage with the runtime’s idle_timeout from orchestrator.yaml', () => {
    const result = run('runtime-idle');
    expect(finishedOf(result.events, 'learn')).toMatchObject({ status: 'timed_out', reason: 'no output for 1s' });
    expect(result.leftovers).toEqual([]);
  });
});

describe('idle_timeout on a command stage', () => {
  it('is retried like a timeout, and each attempt says "no output for 500ms"', () => {
    const result = run('idle-retry');
    expect(result.code).toBe(1);
    const attempts = result.events.filter((e): e is StageFinishedEvent => e.type === 'stage.finished');
    expect(attempts.map((e) => [e.attempt, e.status, e.reason, e.tail])).toEqual([
      [1, 'timed_out', 'no output for 500ms', ['started']],
      [2, 'timed_out', 'no output for 500ms', ['started']],
    ]);
    expect(result.events.filter((e) => e.type === 'stage.retrying').map((e) => (e.type === 'stage.retrying' ? e.reason : ''))).toEqual(['no output for 500ms']);
    expect(result.leftovers).toEqual([]);
  });
});
