// Adapter unit tests on recorded streams (tests/fixtures/agent-streams): the verbatim
// reference lines, the fakes' success and failure streams, and malformed and truncated
// variants of them. No process is started: lines are fed to the adapter's session.
import { describe, expect, it } from 'vitest';
import { claudeCodeAdapter } from '../../src/runtimes/agent/claude-code.js';
import { codexAdapter } from '../../src/runtimes/agent/codex.js';
import { hermesAdapter } from '../../src/runtimes/agent/hermes.js';
import { opencodeAdapter } from '../../src/runtimes/agent/opencode.js';
import { replayStream, streamLines } from './helpers.js';

const PASS_TEXT = 'Evaluation of attempt 2\n{"signal":"pass"}';

/** The stream with its last line cut in half (a killed process or a full disk). */
function truncated(lines: string[]): string[] {
  const last = lines[lines.length - 1];
  return [...lines.slice(0, -1), last.slice(0, Math.floor(last.length / 2))];
}

/** The stream with garbage after the first line. */
function withGarbage(lines: string[]): string[] {
  return [lines[0], '{"type":"item.completed","item":{', 'Traceback (most recent call last):', '[1,2,3]', ...lines.slice(1)];
}

describe('codex exec --json', () => {
  it('reads the reference stream: last agent_message, usage, thread id', async () => {
    const { outcome } = await replayStream(codexAdapter, streamLines('codex-reference.jsonl'));
    expect(outcome).toMatchObject({
      status: 'succeeded',
      outputs: { text: 'Yep — there’s a `README.md` in the repository root.' },
      usage: { input_tokens: 24763, output_tokens: 122 },
      sessionId: '0199a213-81c0-7800-8aa1-bbab2a035a53',
    });
    expect(outcome.usage?.cost_usd).toBeUndefined();
  });

  it('turns the JSON object of the final answer into outputs, ignoring unknown events', async () => {
    const { outcome } = await replayStream(codexAdapter, streamLines('codex-success.jsonl'));
    expect(outcome.outputs).toEqual({ signal: 'pass', text: PASS_TEXT });
    expect(outcome.usage).toEqual({ input_tokens: 1000, output_tokens: 50 });
  });

  it('fails on turn.failed with exit 1, quoting the message', async () => {
    const { outcome } = await replayStream(codexAdapter, streamLines('codex-failure.jsonl'), 1);
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toBe('exit 1: codex turn failed: turn failed: usage limit reached');
  });

  it('fails on turn.failed even when codex exits 0', async () => {
    const { outcome } = await replayStream(codexAdapter, streamLines('codex-failure.jsonl'), 0);
    expect(outcome).toMatchObject({ status: 'failed', reason: 'codex turn failed: turn failed: usage limit reached' });
  });

  it('treats a retried top-level error as not fatal, and notes it', async () => {
    const { outcome, verdict } = await replayStream(codexAdapter, streamLines('codex-retried-error.jsonl'));
    expect(outcome.status).toBe('succeeded');
    expect(verdict.notes).toContain('codex error event: Reconnecting... 1/5');
  });

  it('names the missing final event when the stream stops early', async () => {
    const { outcome } = await replayStream(codexAdapter, streamLines('codex-success.jsonl').slice(0, -1));
    expect(outcome).toMatchObject({ status: 'failed', reason: 'codex exited 0 without a turn.completed event' });
  });

  it('skips a truncated last line and reports the missing event', async () => {
    const { outcome, verdict } = await replayStream(codexAdapter, truncated(streamLines('codex-success.jsonl')));
    expect(outcome.reason).toBe('codex exited 0 without a turn.completed event');
    expect(verdict.notes.join('\n')).toMatch(/codex: skipped malformed output line 9: \{"type":"turn\.completed"/);
  });

  it('skips malformed lines (noting each) and still succeeds', async () => {
    const { outcome, verdict } = await replayStream(codexAdapter, withGarbage(streamLines('codex-success.jsonl')));
    expect(outcome.status).toBe('succeeded');
    expect(outcome.outputs.signal).toBe('pass');
    expect(verdict.notes.filter((n) => n.includes('skipped malformed'))).toHaveLength(3);
  });
});

describe('claude -p --output-format stream-json', () => {
  it('reads the reference stream: result, session, usage with cache tokens, cost', async () => {
    const { outcome } = await replayStream(claudeCodeAdapter, streamLines('claude-reference.jsonl'));
    expect(outcome).toMatchObject({
      status: 'succeeded',
      outputs: { text: 'The entry point is empty.' },
      usage: { input_tokens: 9 + 1200 + 27700, output_tokens: 77, cost_usd: 0.0412 },
      sessionId: '6f1',
    });
  });

  it('takes outputs from the result text', async () => {
    const { outcome } = await replayStream(claudeCodeAdapter, streamLines('claude-success.jsonl'));
    expect(outcome.outputs).toEqual({ signal: 'pass', text: PASS_TEXT });
    expect(outcome.usage).toEqual({ input_tokens: 1110, output_tokens: 40, cost_usd: 0.0412 });
  });

  it('fails on an error_* subtype and says which', async () => {
    const { outcome } = await replayStream(claudeCodeAdapter, streamLines('claude-failure.jsonl'), 1);
    expect(outcome.reason).toBe('exit 1: claude result error_max_turns, is_error: Reached maximum number of turns (1)');
    expect(outcome.usage).toEqual({ input_tokens: 0, output_tokens: 0, cost_usd: 0.002 });
  });

  it('fails when is_error is true even with subtype success and exit 0', async () => {
    const { outcome } = await replayStream(claudeCodeAdapter, streamLines('claude-is-error.jsonl'), 0);
    expect(outcome).toMatchObject({ status: 'failed', reason: 'claude result success, is_error: API Error: 529 overloaded' });
  });

  it('reports a missing result event clearly', async () => {
    const { outcome } = await replayStream(claudeCodeAdapter, streamLines('claude-success.jsonl').slice(0, -1));
    expect(outcome).toMatchObject({ status: 'failed', reason: 'claude exited 0 without a result event' });
  });

  it('reports a truncated result as missing, after a non-zero exit too', async () => {
    const { outcome, verdict } = await replayStream(claudeCodeAdapter, truncated(streamLines('claude-success.jsonl')), 1);
    expect(outcome.reason).toBe('exit 1: claude printed no result event');
    expect(verdict.notes.join('\n')).toMatch(/skipped malformed output line 6/);
  });

  it('skips malformed lines and succeeds', async () => {
    const { outcome } = await replayStream(claudeCodeAdapter, withGarbage(streamLines('claude-success.jsonl')));
    expect(outcome.status).toBe('succeeded');
  });
});

describe('opencode run --format json', () => {
  it('reads the reference stream: text of the step that stopped, tokens and cost', async () => {
    const { outcome } = await replayStream(opencodeAdapter, streamLines('opencode-reference.jsonl'));
    expect(outcome).toMatchObject({
      status: 'succeeded',
      outputs: { text: 'hi' },
      usage: { input_tokens: 11087, output_tokens: 145, cost_usd: 0.0070147 },
      sessionId: 'ses_6783457c2ffeICANaRjenHkVxv',
    });
  });

  it('sums tokens and cost over every step; the answer is only the stopping step', async () => {
    const { outcome } = await replayStream(opencodeAdapter, streamLines('opencode-success.jsonl'));
    expect(outcome.outputs).toEqual({ signal: 'pass', text: PASS_TEXT });
    expect(outcome.usage?.input_tokens).toBe(500 + 100 + 600 + 50);
    expect(outcome.usage?.output_tokens).toBe(20 + 5 + 30);
    expect(outcome.usage?.cost_usd).toBeCloseTo(0.005, 10);
  });

  it('fails on exit 1 with the error event message', async () => {
    const { outcome } = await replayStream(opencodeAdapter, streamLines('opencode-failure.jsonl'), 1);
    expect(outcome.reason).toBe('exit 1: opencode: invalid api key');
  });

  it('reports a stream without a stopping step', async () => {
    const { outcome } = await replayStream(opencodeAdapter, streamLines('opencode-success.jsonl').slice(0, -1));
    expect(outcome).toMatchObject({ status: 'failed', reason: 'opencode exited 0 without a step_finish event with reason stop' });
  });

  it('skips a truncated last line and reports the missing step', async () => {
    const { outcome } = await replayStream(opencodeAdapter, truncated(streamLines('opencode-success.jsonl')));
    expect(outcome.status).toBe('failed');
  });

  it('skips malformed lines and succeeds', async () => {
    const { outcome } = await replayStream(opencodeAdapter, withGarbage(streamLines('opencode-success.jsonl')));
    expect(outcome.outputs.signal).toBe('pass');
  });
});

describe('hermes chat --format stream-json', () => {
  it('reads the reference stream (Python json.dumps spacing)', async () => {
    const { outcome } = await replayStream(hermesAdapter, streamLines('hermes-reference.jsonl'));
    expect(outcome).toMatchObject({ status: 'succeeded', outputs: { text: 'hello' }, usage: { input_tokens: 3, output_tokens: 0 }, sessionId: 's-1' });
  });

  it('takes the answer from the result event', async () => {
    const { outcome } = await replayStream(hermesAdapter, streamLines('hermes-success.jsonl'));
    expect(outcome.outputs).toEqual({ signal: 'pass', text: PASS_TEXT });
    expect(outcome.usage).toEqual({ input_tokens: 300, output_tokens: 25 });
  });

  it('fails when result.exit_code is not 0, with its error', async () => {
    const { outcome } = await replayStream(hermesAdapter, streamLines('hermes-failure.jsonl'), 1);
    expect(outcome.reason).toBe('exit 1: hermes result exit_code 1: model returned an error: rate limited');
  });

  it('fails on a result exit_code 1 even if the process exited 0', async () => {
    const { outcome } = await replayStream(hermesAdapter, streamLines('hermes-failure.jsonl'), 0);
    expect(outcome).toMatchObject({ status: 'failed', reason: 'hermes result exit_code 1: model returned an error: rate limited' });
  });

  it('reports a missing result event, keeping the streamed deltas as text', async () => {
    const { outcome } = await replayStream(hermesAdapter, streamLines('hermes-success.jsonl').slice(0, -1));
    expect(outcome).toMatchObject({ status: 'failed', reason: 'hermes exited 0 without a result event', outputs: { text: PASS_TEXT } });
  });

  it('skips malformed and truncated lines', async () => {
    expect((await replayStream(hermesAdapter, withGarbage(streamLines('hermes-success.jsonl')))).outcome.status).toBe('succeeded');
    expect((await replayStream(hermesAdapter, truncated(streamLines('hermes-success.jsonl')))).outcome.status).toBe('failed');
  });
});
