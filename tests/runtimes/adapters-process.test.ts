// Native adapters against the fake CLIs as real processes: the command line they receive,
// streaming, failures, malformed output, missing final events, slow streams, timeouts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProcessGroupAlive } from '../../src/exec/index.js';
import { runAgent } from '../../src/runtimes/index.js';
import { agentRequest, attemptContext, FAKE_CLI, recorded, runtimeSpec, tempDir } from './helpers.js';

const ADAPTERS = ['codex', 'claude-code', 'opencode', 'hermes'] as const;
const PASS = { signal: 'pass', text: 'Evaluation of attempt 2\n{"signal":"pass"}' };

/** Runs one attempt of `adapter` against its fake CLI in a fresh directory. */
async function runFake(adapter: string, mode = 'success', extraEnv: Record<string, string> = {}, extraCtx = {}) {
  const dir = tempDir();
  const req = agentRequest(runtimeSpec(adapter, [FAKE_CLI[adapter]], { model: 'm-1' }));
  const ctx = attemptContext(dir, extraCtx, { FAKE_AGENT_MODE: mode, ...extraEnv });
  const outcome = await runAgent(req, ctx);
  return { dir, outcome, ctx, log: existsSync(ctx.logFile) ? readFileSync(ctx.logFile, 'utf8') : '' };
}

describe.each(ADAPTERS)('%s adapter with its fake CLI', (adapter) => {
  it('succeeds, with outputs from the answer, usage and a session id', async () => {
    const { outcome, log } = await runFake(adapter);
    expect(outcome).toMatchObject({ status: 'succeeded', exitCode: 0, reason: null, outputs: PASS });
    expect(outcome.usage?.input_tokens).toBeGreaterThan(0);
    expect(typeof outcome.sessionId).toBe('string');
    expect(log).toContain(`[flowstate] ${adapter === 'claude-code' ? 'claude' : adapter}: session ${outcome.sessionId}`);
  });

  it('fails with the CLI’s own reason', async () => {
    const { outcome } = await runFake(adapter, 'failure');
    expect(outcome.status).toBe('failed');
    expect(outcome.exitCode).toBe(1);
    expect(outcome.reason).toMatch(/^exit 1: \S+/);
  });

  it('skips a malformed line, notes it in the log and succeeds', async () => {
    const { outcome, log } = await runFake(adapter, 'malformed');
    expect(outcome).toMatchObject({ status: 'succeeded', outputs: PASS });
    expect(log).toMatch(/\[flowstate\] \w+: skipped malformed output line 2: \{"type": "item\.completed"/);
    expect(log).toMatch(/\[flowstate\] \w+: skipped malformed output line 3: not json at all/);
  });

  it('reports a missing final event', async () => {
    const { outcome } = await runFake(adapter, 'missing-final');
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toMatch(/^(codex|claude|opencode|hermes) exited 0 without /);
  });

  it('parses while the stream is running: the CLI waits for a gate opened on its first line', async () => {
    const dir = tempDir();
    const gate = join(dir, 'gate');
    const seen: string[] = [];
    const ctx = attemptContext(
      dir,
      {
        onLine: (line: string, stream: 'stdout' | 'stderr') => {
          if (stream !== 'stdout') return;
          seen.push(line);
          if (seen.length === 1) writeFileSync(gate, 'open');
        },
      },
      { FAKE_AGENT_MODE: 'slow', FAKE_AGENT_GATE: gate, FAKE_AGENT_DELAY_MS: '1' },
    );
    const outcome = await runAgent(agentRequest(runtimeSpec(adapter, [FAKE_CLI[adapter]])), ctx);
    expect(outcome).toMatchObject({ status: 'succeeded', outputs: PASS });
    expect(seen.length).toBeGreaterThan(2);
  });

  it('stops a CLI that ignores SIGTERM at the timeout (SIGKILL after the grace period)', async () => {
    let pid = 0;
    const { outcome } = await runFake(adapter, 'ignore-term', {}, { timeoutMs: 1000, killGraceMs: 150, onSpawn: (p: number) => (pid = p) });
    expect(outcome.status).toBe('timed_out');
    expect(outcome.signal).toBe('SIGKILL');
    expect(isProcessGroupAlive(pid)).toBe(false);
  });
});

describe('what each CLI receives', () => {
  it('codex: the exact exec argv, prompt on stdin, -o file in a scratch dir removed afterwards', async () => {
    const { dir } = await runFake('codex');
    const [call] = recorded(dir);
    const out = call.argv[call.argv.indexOf('-o') + 1];
    expect(call.argv).toEqual(['exec', '--json', '--skip-git-repo-check', '-C', dir, '-m', 'm-1', '-o', out, '-']);
    expect(call.stdin).toBe('Review the change');
    expect(call.role).toBe('evaluate');
    expect(existsSync(dirname(out))).toBe(false);
  });

  it('claude: print mode with stream-json and --verbose, cwd = the stage dir, prompt on stdin', async () => {
    const { dir } = await runFake('claude-code');
    expect(recorded(dir)[0]).toMatchObject({ argv: ['-p', '--output-format', 'stream-json', '--verbose', '--model', 'm-1'], stdin: 'Review the change', cwd: dir });
  });

  it('opencode: run --format json, cwd = the stage dir, prompt on stdin', async () => {
    const { dir } = await runFake('opencode');
    expect(recorded(dir)[0]).toMatchObject({ argv: ['run', '--format', 'json', '-m', 'm-1'], stdin: 'Review the change', cwd: dir });
  });

  it('hermes: chat -q PROMPT --format stream-json, nothing on stdin', async () => {
    const { dir } = await runFake('hermes');
    expect(recorded(dir)[0]).toMatchObject({ argv: ['chat', '-q', 'Review the change', '--format', 'stream-json', '-m', 'm-1'], stdin: '', cwd: dir });
  });
});

describe('answers', () => {
  it('an answer line over 64 KiB is reassembled', async () => {
    const { outcome } = await runFake('codex', 'long-line');
    expect(outcome.status).toBe('succeeded');
    expect(String(outcome.outputs.text).length).toBeGreaterThan(200_000);
    expect(outcome.outputs.signal).toBe('pass');
  });

  it('FLOWSTATE_OUTPUT written by the agent is merged over the answer’s JSON', async () => {
    const dir = tempDir();
    const ctx = attemptContext(dir, {}, { FAKE_AGENT_ANSWER: 'done {"signal":"fail","n":1}' });
    mkdirSync(dirname(ctx.outputFile), { recursive: true });
    writeFileSync(ctx.outputFile, 'signal=pass\n');
    const outcome = await runAgent(agentRequest(runtimeSpec('claude-code', [FAKE_CLI['claude-code']])), ctx);
    expect(outcome.outputs).toEqual({ signal: 'pass', n: 1, text: 'done {"signal":"fail","n":1}' });
  });

  it('codex without an agent_message falls back to the -o file', async () => {
    const { outcome } = await runFake('codex', 'o-file-only');
    expect(outcome).toMatchObject({ status: 'succeeded', outputs: PASS });
  });
});
