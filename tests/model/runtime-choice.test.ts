import { describe, expect, it } from 'vitest';
import { resolveRuntimeId, type AgentStage, type Orchestrator } from '../../src/model/index.js';
import * as runtimes from '../../src/runtimes/index.js';

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

describe('resolveRuntimeId (the one resolution rule: load-time checks and run time use it)', () => {
  const full = orchestrator({ default: 'local', stages: { execute: 'codex' } });

  it('prefers the stage runtime', () => {
    expect(resolveRuntimeId(agentStage('execute', 'claude'), full)).toEqual({ id: 'claude', source: 'stage' });
  });

  it('then the runtime of the role', () => {
    expect(resolveRuntimeId(agentStage('execute'), full)).toEqual({ id: 'codex', source: 'role' });
  });

  it('then the default runtime', () => {
    expect(resolveRuntimeId(agentStage('evaluate'), full)).toEqual({ id: 'local', source: 'default' });
  });

  it('is undefined when nothing maps the role', () => {
    expect(resolveRuntimeId(agentStage('evaluate'), orchestrator({ stages: { execute: 'codex' } }))).toBeUndefined();
  });

  it('ignores roles outside the closed set and inherited names', () => {
    expect(resolveRuntimeId(agentStage('toString'), orchestrator({ stages: {} }))).toBeUndefined();
  });

  it('is the very function runtimes/ resolves with at run time', () => {
    expect(runtimes.resolveRuntimeId).toBe(resolveRuntimeId);
  });

  it('gives run time the same runtime and source (the spec behind the id)', () => {
    const spec = { adapter: 'command', command: ['node', 'agent.mjs'] } as unknown as Orchestrator['runtimes'][string];
    const orch = { ...full, runtimes: { local: spec, codex: spec, claude: spec } };
    for (const stage of [agentStage('execute', 'claude'), agentStage('execute'), agentStage('evaluate')]) {
      const choice = resolveRuntimeId(stage, orch);
      expect(runtimes.resolveRuntime(stage, orch)).toEqual({ runtime: spec, source: choice?.source });
    }
  });

  it('run time refuses, naming the role, where the load-time rule finds nothing', () => {
    const orch = orchestrator({ stages: {} });
    expect(resolveRuntimeId(agentStage('evaluate'), orch)).toBeUndefined();
    expect(() => runtimes.resolveRuntime(agentStage('evaluate'), orch)).toThrow(/no runtime serves role `evaluate`/);
  });
});
