import { describe, expect, it } from 'vitest';
import { resolveRuntime } from '../../src/config/index.js';
import type { AgentStage, Orchestrator } from '../../src/model/index.js';

function agentStage(role: string, runtime?: string): AgentStage {
  return {
    id: 'a',
    kind: 'agent',
    agent: { role, prompt: 'p', ...(runtime ? { runtime } : {}) },
    env: {},
    onFailure: 'fail',
    next: [{ to: 'end' }],
    sources: [],
    generates: [],
    idempotent: true,
    loc: { file: 'p.yaml', line: 1, col: 1 },
  };
}

function orchestrator(profile: Orchestrator['runtimeProfile']): Orchestrator {
  return { file: null, root: '/p', runsDir: '/p/.runs', runtimes: {}, runtimeProfile: profile, gatePolicy: [] };
}

describe('resolveRuntime', () => {
  const full = orchestrator({ default: 'local', stages: { execute: 'codex' } });

  it('prefers the stage runtime', () => {
    expect(resolveRuntime(agentStage('execute', 'claude'), full)).toEqual({ runtimeId: 'claude', source: 'stage' });
  });

  it('then the runtime of the role', () => {
    expect(resolveRuntime(agentStage('execute'), full)).toEqual({ runtimeId: 'codex', source: 'role' });
  });

  it('then the default runtime', () => {
    expect(resolveRuntime(agentStage('evaluate'), full)).toEqual({ runtimeId: 'local', source: 'default' });
  });

  it('is undefined when nothing maps the role', () => {
    expect(resolveRuntime(agentStage('evaluate'), orchestrator({ stages: { execute: 'codex' } }))).toBeUndefined();
  });

  it('ignores roles outside the closed set and inherited names', () => {
    expect(resolveRuntime(agentStage('toString'), orchestrator({ stages: {} }))).toBeUndefined();
  });
});
