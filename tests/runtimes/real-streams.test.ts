// The streams the real CLIs printed offline (recorded by `npm run test:agents-real` in
// tests/fixtures/agent-streams/real), replayed through the adapters without a process:
// claude's is_error result, codex's reconnect/error events, opencode's silence.
import { describe, expect, it } from 'vitest';
import type { ProcessResult } from '../../src/exec/index.js';
import { claudeCodeAdapter } from '../../src/runtimes/agent/claude-code.js';
import { codexAdapter } from '../../src/runtimes/agent/codex.js';
import { opencodeAdapter } from '../../src/runtimes/agent/opencode.js';
import { replayStream, streamLines } from './helpers.js';

const CLAUDE = streamLines('real/claude-2.1.328-offline.stdout.jsonl');
const CODEX = streamLines('real/codex-0.169.0-offline.stdout.jsonl');
const OPENCODE = streamLines('real/opencode-1.18.33-offline.stdout.jsonl');

/** A process that flowstate stopped (timeout or idle timeout) with `message`. */
function stopped(message: string): ProcessResult {
  return { outcome: 'timed_out', exitCode: null, signal: 'SIGTERM', pid: 4242, durationMs: 20_000, stdout: '', tailLines: [], error: message };
}

/** No line of a tail may be a raw protocol record. */
function expectReadable(tail: string[]): void {
  for (const line of tail) expect(line.trim().startsWith('{'), line).toBe(false);
}

describe('claude 2.1.328 offline (recorded): a success result with is_error', () => {
  it('fails with "Not logged in" and a one-line readable tail', async () => {
    expect(CLAUDE).toHaveLength(3);
    const { outcome } = await replayStream(claudeCodeAdapter, CLAUDE, 1);
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toBe('exit 1: claude result success, is_error: Not logged in · Please run /login');
    expect(outcome.tail).toEqual(['result (success, is_error): Not logged in · Please run /login']);
  });

  it('still fails on the result when claude exits 0', async () => {
    const { outcome } = await replayStream(claudeCodeAdapter, CLAUDE, 0);
    expect(outcome).toMatchObject({ status: 'failed', reason: 'claude result success, is_error: Not logged in · Please run /login' });
  });
});

describe('codex 0.169.0 offline (recorded): reconnect and error events until the timeout', () => {
  it('says in the timeout reason that codex was waiting for network', async () => {
    const { outcome } = await replayStream(codexAdapter, CODEX, 0, undefined, stopped('timed out after 20s'));
    expect(outcome.status).toBe('timed_out');
    expect(outcome.reason).toBe('timed out after 20s; codex was waiting for network (last event: Reconnecting... waiting for network (Connection failed: error sending request))');
  });

  it('keeps the error events as the tail, never the JSON records', async () => {
    const { outcome } = await replayStream(codexAdapter, CODEX, 0, undefined, stopped('timed out after 20s'));
    expectReadable(outcome.tail);
    expect(outcome.tail[0]).toMatch(/^error: Reconnecting\.\.\. 2\/5 \(stream disconnected/);
    expect(outcome.tail.at(-1)).toBe('error: Reconnecting... waiting for network (Connection failed: error sending request)');
    expect(outcome.tail).toContain(
      'error: Falling back from WebSockets to HTTPS transport. stream disconnected before completion: failed to lookup address information: Name does not resolve',
    );
  });

  it('collapses the repeated "waiting for network" events into one counted line', async () => {
    const repeated = [...CODEX, CODEX.at(-1) as string, CODEX.at(-1) as string];
    const { outcome } = await replayStream(codexAdapter, repeated, 0, undefined, stopped('timed out after 20s'));
    expect(outcome.tail.at(-1)).toBe('error: Reconnecting... waiting for network (Connection failed: error sending request) (×3)');
  });

  it('does not blame the network once codex made progress after the error', async () => {
    const progressed = [...CODEX, '{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"ls","status":"in_progress"}}'];
    const { outcome } = await replayStream(codexAdapter, progressed, 0, undefined, stopped('timed out after 20s'));
    expect(outcome.reason).toBe('timed out after 20s');
  });
});

describe('opencode 1.18.33 offline (recorded): silence', () => {
  it('printed nothing; the idle timeout is the whole reason and the tail is empty', async () => {
    expect(OPENCODE).toEqual([]);
    const { outcome } = await replayStream(opencodeAdapter, OPENCODE, 0, undefined, stopped('no output for 5s'));
    expect(outcome).toMatchObject({ status: 'timed_out', reason: 'no output for 5s', tail: [] });
  });
});

describe('claude retrying its API when the time runs out', () => {
  it('says so in the timeout reason and the tail', async () => {
    const lines = [
      CLAUDE[0] as string,
      '{"type":"system","subtype":"api_retry","attempt":3,"max_retries":10,"retry_delay_ms":4000,"error_status":null,"error":"Connection error."}',
    ];
    const { outcome } = await replayStream(claudeCodeAdapter, lines, 0, undefined, stopped('no output for 5m'));
    expect(outcome.reason).toBe('no output for 5m; claude was retrying an API request (attempt 3 of 10): Connection error.');
    expect(outcome.tail).toEqual(['claude was retrying an API request (attempt 3 of 10): Connection error.']);
  });
});
