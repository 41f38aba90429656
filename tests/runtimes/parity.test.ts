// Parity: the same fake agent through its native adapter and through the generic command
// adapter (the CLI's plain-text mode, answer on stdout) gives the same outcome shape
// { status, text, outputs, usage, session_id } and the same answer and outputs.
import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from '../../src/runtimes/index.js';
import { runAgent } from '../../src/runtimes/index.js';
import { agentRequest, attemptContext, FAKE_CLI, runtimeSpec, tempDir } from './helpers.js';

/** The adapter-independent shape of an agent attempt. */
function agentShape(outcome: AttemptOutcome) {
  return {
    status: outcome.status,
    text: outcome.outputs.text,
    outputs: outcome.outputs,
    usage: outcome.usage ?? null,
    session_id: outcome.sessionId ?? null,
  };
}

/** The type of each field, so shapes can be compared where values legitimately differ. */
function typesOf(shape: ReturnType<typeof agentShape>) {
  const usage = shape.usage;
  const usageOk = usage === null || (Number.isInteger(usage.input_tokens) && Number.isInteger(usage.output_tokens));
  const session = shape.session_id;
  return {
    status: typeof shape.status,
    text: typeof shape.text,
    outputs: typeof shape.outputs,
    usage: usageOk ? 'Usage | null' : `unexpected ${JSON.stringify(usage)}`,
    session_id: session === null || typeof session === 'string' ? 'string | null' : `unexpected ${typeof session}`,
  };
}

/** The generic runtime of each fake: its plain-text mode, prompt on stdin. */
const GENERIC_COMMAND: Record<string, string[]> = {
  codex: [FAKE_CLI.codex, 'exec', '--skip-git-repo-check', '-'],
  'claude-code': [FAKE_CLI['claude-code'], '-p'],
  opencode: [FAKE_CLI.opencode, 'run'],
  // hermes reads the prompt only from -q: a shell wrapper moves stdin into the argument.
  hermes: ['sh', '-c', 'exec "$0" chat -Q -q "$(cat)"', FAKE_CLI.hermes],
};

describe.each(Object.keys(GENERIC_COMMAND))('parity of %s, native and generic', (adapter) => {
  it.each(['success', 'failure'])('%s: same status, answer, outputs and shape', async (mode) => {
    const env = { FAKE_AGENT_MODE: mode };
    const native = await runAgent(agentRequest(runtimeSpec(adapter, [FAKE_CLI[adapter]])), attemptContext(tempDir(), {}, env));
    const generic = await runAgent(agentRequest(runtimeSpec('command', GENERIC_COMMAND[adapter])), attemptContext(tempDir(), {}, env));
    const [a, b] = [agentShape(native), agentShape(generic)];
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(typesOf(a)).toEqual(typesOf(b));
    expect(a.status).toBe(b.status);
    expect(native.exitCode).toBe(generic.exitCode);
    if (mode === 'success') {
      expect(a.outputs).toEqual(b.outputs);
      expect(a.outputs).toEqual({ signal: 'pass', text: 'Evaluation of attempt 2\n{"signal":"pass"}' });
      expect(typeof a.session_id).toBe('string');
      expect(b.session_id).toBeNull();
    }
  });
});
