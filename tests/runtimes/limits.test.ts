// Which overall and idle timeout an attempt gets: stage > pipeline defaults > runtime > built-in (agents only).
import { describe, expect, it } from 'vitest';
import type { AgentStage, CommandStage, RuntimeSpec } from '../../src/model/index.js';
import { attemptLimits, DEFAULT_AGENT_IDLE_TIMEOUT_MS, DEFAULT_AGENT_TIMEOUT_MS } from '../../src/runtimes/index.js';

const common = { env: {}, onFailure: 'fail', next: [{ to: 'end' }], sources: [], generates: [], idempotent: true, loc: { file: 'p.yaml', line: 1, col: 1 } };
const agent = (extra: Partial<AgentStage> = {}): AgentStage => ({ ...common, id: 'a', kind: 'agent', agent: { role: 'execute', prompt: 'x' }, ...extra });
const command = (extra: Partial<CommandStage> = {}): CommandStage => ({ ...common, id: 'c', kind: 'command', run: { kind: 'shell', script: 'true' }, ...extra });
const runtime: RuntimeSpec = { id: 'oc', adapter: 'opencode', command: ['opencode'], args: [], env: {}, timeoutMs: 1_800_000, idleTimeoutMs: 5000 };

describe('attemptLimits', () => {
  it('gives an agent stage with nothing set the built-in 60m overall and 10m idle limits', () => {
    expect(attemptLimits(agent(), {})).toEqual({ timeoutMs: DEFAULT_AGENT_TIMEOUT_MS, idleTimeoutMs: DEFAULT_AGENT_IDLE_TIMEOUT_MS });
    expect(DEFAULT_AGENT_TIMEOUT_MS).toBe(60 * 60_000);
    expect(DEFAULT_AGENT_IDLE_TIMEOUT_MS).toBe(10 * 60_000);
  });

  it('takes the runtime’s own limits over the built-in ones', () => {
    expect(attemptLimits(agent(), {}, runtime)).toEqual({ timeoutMs: 1_800_000, idleTimeoutMs: 5000 });
  });

  it('takes the pipeline defaults over the runtime, and the stage over both', () => {
    expect(attemptLimits(agent(), { timeoutMs: 600_000, idleTimeoutMs: 60_000 }, runtime)).toEqual({ timeoutMs: 600_000, idleTimeoutMs: 60_000 });
    expect(attemptLimits(agent({ timeoutMs: 20_000, idleTimeoutMs: 1000 }), { timeoutMs: 600_000, idleTimeoutMs: 60_000 }, runtime)).toEqual({
      timeoutMs: 20_000,
      idleTimeoutMs: 1000,
    });
  });

  it('leaves command stages without limits unless the stage or the defaults set one', () => {
    expect(attemptLimits(command(), {})).toEqual({});
    expect(attemptLimits(command({ idleTimeoutMs: 30_000 }), { timeoutMs: 600_000 })).toEqual({ timeoutMs: 600_000, idleTimeoutMs: 30_000 });
  });
});
