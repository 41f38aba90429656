// Agent CLIs as real processes at the edges of their lifetime: one that keeps running after
// its terminal record (opencode upstream issue 44901) is stopped after a short grace and the
// record decides the outcome; recorded real streams replayed by the fakes time out with the
// reason the CLI's last events give (codex offline) or with the idle timeout (opencode's silence).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProcessGroupAlive } from '../../src/exec/index.js';
import { runAgent } from '../../src/runtimes/index.js';
import { agentRequest, attemptContext, FAKE_CLI, runtimeSpec, STREAMS, tempDir } from './helpers.js';

const PASS = { signal: 'pass', text: 'Evaluation of attempt 2\n{"signal":"pass"}' };

/** Runs one attempt of `adapter` against its fake CLI; the pid of its group is kept. */
async function attempt(adapter: string, env: Record<string, string>, ctx: object) {
  const dir = tempDir();
  let pid = 0;
  const context = attemptContext(dir, { ...ctx, onSpawn: (p: number) => (pid = p) }, env);
  const outcome = await runAgent(agentRequest(runtimeSpec(adapter, [FAKE_CLI[adapter]])), context);
  return { outcome, pid, log: existsSync(context.logFile) ? readFileSync(context.logFile, 'utf8') : '' };
}

describe.each(['opencode', 'claude-code', 'codex', 'hermes'])('%s printing its terminal record and then hanging', (adapter) => {
  it('is stopped after the grace, and the record makes the attempt succeed', async () => {
    const { outcome, pid, log } = await attempt(adapter, { FAKE_AGENT_MODE: 'hang-after-final' }, { lingerGraceMs: 300, timeoutMs: 60_000 });
    expect(outcome).toMatchObject({ status: 'succeeded', reason: null, outputs: PASS, exitCode: null });
    expect(log).toMatch(/\[flowstate\] \S+: still running 300ms after its final event: stopped/);
    expect(isProcessGroupAlive(pid)).toBe(false);
  });
});

describe('recorded real streams replayed by the fakes', () => {
  const real = (name: string) => join(STREAMS, 'real', name);

  it('codex offline: a timeout whose reason says codex was waiting for network, with a readable tail', async () => {
    const env = {
      FAKE_AGENT_MODE: 'replay',
      FAKE_AGENT_STREAM: real('codex-0.169.0-offline.stdout.jsonl'),
      FAKE_AGENT_STDERR: real('codex-0.169.0-offline.stderr.txt'),
      FAKE_AGENT_AFTER: 'repeat-last:100',
    };
    const { outcome, pid } = await attempt('codex', env, { timeoutMs: 1500, idleTimeoutMs: 60_000, killGraceMs: 200 });
    expect(outcome.status).toBe('timed_out');
    expect(outcome.reason).toMatch(/^timed out after 1\.5s; codex was waiting for network \(last event: Reconnecting\.\.\. waiting for network/);
    expect(outcome.tail.length).toBeLessThanOrEqual(20);
    for (const line of outcome.tail) expect(line.startsWith('{'), line).toBe(false);
    expect(outcome.tail.at(-1)).toMatch(/^error: Reconnecting\.\.\. waiting for network \(Connection failed: error sending request\)( \(×\d+\))?$/);
    expect(outcome.tail.join('\n')).toContain('ERROR codex_api::endpoint::responses_websocket'); // stderr is human text
    expect(isProcessGroupAlive(pid)).toBe(false);
  });

  it('opencode offline: silence ends with "no output for …" and an empty tail', async () => {
    const env = { FAKE_AGENT_MODE: 'replay', FAKE_AGENT_STREAM: real('opencode-1.18.33-offline.stdout.jsonl'), FAKE_AGENT_AFTER: 'hang' };
    const { outcome, pid } = await attempt('opencode', env, { timeoutMs: 60_000, idleTimeoutMs: 500, killGraceMs: 200 });
    expect(outcome).toMatchObject({ status: 'timed_out', reason: 'no output for 500ms', tail: [] });
    expect(isProcessGroupAlive(pid)).toBe(false);
  });

  it('claude offline: exit 1 with the "Not logged in" result', async () => {
    const env = { FAKE_AGENT_MODE: 'replay', FAKE_AGENT_STREAM: real('claude-2.1.328-offline.stdout.jsonl'), FAKE_AGENT_AFTER: 'exit:1' };
    const { outcome } = await attempt('claude-code', env, {});
    expect(outcome).toMatchObject({ status: 'failed', exitCode: 1, tail: ['result (success, is_error): Not logged in · Please run /login'] });
    expect(outcome.reason).toBe('exit 1: claude result success, is_error: Not logged in · Please run /login');
  });
});
