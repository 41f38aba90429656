// Helpers of the runtime tests: fake CLIs, attempt contexts in temp dirs, stream replays.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProcessResult } from '../../src/exec/index.js';
import type { RuntimeSpec } from '../../src/model/index.js';
import type { AgentAdapter, AgentRequest, AttemptContext, AttemptOutcome } from '../../src/runtimes/index.js';
import { composeOutcome } from '../../src/runtimes/agent/outcome.js';
import { ScratchDir } from '../../src/runtimes/agent/scratch.js';
import type { AgentVerdict } from '../../src/runtimes/agent/types.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FAKE_BIN = join(REPO, 'tests/fixtures/bin');
export const STREAMS = join(REPO, 'tests/fixtures/agent-streams');

/** The fake CLI of each native adapter. */
export const FAKE_CLI: Record<string, string> = {
  codex: join(FAKE_BIN, 'codex'),
  'claude-code': join(FAKE_BIN, 'claude'),
  opencode: join(FAKE_BIN, 'opencode'),
  hermes: join(FAKE_BIN, 'hermes'),
};

/** A fresh temporary directory. */
export function tempDir(prefix = 'flowstate-rt-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A runtime spec with defaults. */
export function runtimeSpec(adapter: string, command: string[], extra: Partial<RuntimeSpec> = {}): RuntimeSpec {
  return { id: `${adapter}_rt`, adapter, command, args: [], env: {}, ...extra };
}

/** An agent request for a runtime. */
export function agentRequest(runtime: RuntimeSpec, extra: Partial<AgentRequest> = {}): AgentRequest {
  return { prompt: 'Review the change', role: 'evaluate', runtime, ...extra };
}

/** An attempt context in `dir` (attempt 2 unless `env` says otherwise); fake CLIs record to dir/record.jsonl. */
export function attemptContext(dir: string, extra: Partial<AttemptContext> = {}, env: Record<string, string> = {}): AttemptContext {
  return {
    stageId: 'review',
    attempt: 2,
    cwd: dir,
    env: { FLOWSTATE_ATTEMPT: '2', FAKE_AGENT_RECORD: join(dir, 'record.jsonl'), ...env },
    logFile: join(dir, 'logs', 'review.2.log'),
    outputFile: join(dir, 'outputs', 'review.2'),
    killGraceMs: 200,
    signal: new AbortController().signal,
    redact: (text) => text,
    onSpawn: () => undefined,
    ...extra,
  };
}

/** What a fake CLI recorded about its invocations. */
export interface Recorded {
  cli: string;
  argv: string[];
  stdin: string;
  cwd: string;
  role: string | null;
}

/** The invocations recorded in dir/record.jsonl. */
export function recorded(dir: string): Recorded[] {
  return readFileSync(join(dir, 'record.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Recorded);
}

/** The lines of a recorded stream fixture. */
export function streamLines(name: string): string[] {
  return readFileSync(join(STREAMS, name), 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

/** A ProcessResult of a process that exited with `exitCode`. */
export function exited(exitCode: number): ProcessResult {
  return { outcome: 'exited', exitCode, signal: null, pid: 4242, durationMs: 5, stdout: '', tailLines: [], error: null };
}

/** Feeds recorded lines through an adapter's session (no process) and composes the outcome. */
export async function replayStream(
  adapter: AgentAdapter,
  lines: readonly string[],
  exitCode = 0,
  req: AgentRequest = agentRequest(runtimeSpec(adapter.name, [adapter.cli])),
  result: ProcessResult = exited(exitCode),
): Promise<{ verdict: AgentVerdict; outcome: AttemptOutcome }> {
  const scratch = new ScratchDir('flowstate-replay-');
  try {
    const session = await adapter.prepare(req, { cwd: '/w', scratch });
    for (const line of lines) session.onStdoutLine?.(line);
    const verdict = await session.resolveOutcome(result);
    return { verdict, outcome: composeOutcome(result, verdict, join(tmpdir(), 'flowstate-no-such-output')) };
  } finally {
    scratch.remove();
  }
}
