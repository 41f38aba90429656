// Decision tables: when a stage is gated (stage approval, gate_policy rules) and which retry
// policy a stage gets (stage, pipeline defaults, orchestrator retry_policy, none).
import { describe, expect, it } from 'vitest';
import { gateFor, retryPolicyOf, type EngineRun } from '../../src/engine/index.js';
import type { GateRule, Orchestrator, Pipeline, RetryPolicy, Stage } from '../../src/model/index.js';

const loc = { file: 'p.yaml', line: 1, col: 1 };
const base = { env: {}, onFailure: 'fail', next: [{ to: 'end' }], sources: [], generates: [], idempotent: true, loc };
const command = (id: string, extra: Partial<Stage> = {}): Stage => ({ ...base, id, kind: 'command', run: { kind: 'shell', script: 'true' }, ...extra }) as Stage;
const agent = (id: string, role: string): Stage => ({ ...base, id, kind: 'agent', agent: { role, prompt: 'p' } }) as Stage;

/** gateFor with rules, a runtime, and `when` expressions judged by a lookup table. */
function gate(stage: Stage, rules: GateRule[], runtimeId?: string, truths: Record<string, boolean> = {}) {
  return gateFor(stage, { rules, runtimeId, holds: (e) => truths[e] ?? false, render: (t) => t.replace('${{ inputs.env }}', 'prod') });
}

describe('gate decision table', () => {
  const prodOnly: GateRule = { match: { role: 'execute' }, when: "inputs.env == 'prod'", message: 'Agent edits ${{ inputs.env }}' };
  it.each([
    // [case, stage, rules, runtime, truths, expected rule or null]
    ['no approval, no rules', command('a'), [], undefined, {}, null],
    ['stage approval', command('a', { approval: { message: 'ok?', onTimeout: 'approve', timeoutMs: 5 } }), [], undefined, {}, 'approval'],
    [
      'stage approval wins over a matching rule',
      command('a', { approval: { message: 'ok?', onTimeout: 'reject' } }),
      [{ match: { stage: 'a' }, message: 'rule' }],
      undefined,
      {},
      'approval',
    ],
    ['match.stage equal', command('a'), [{ match: { stage: 'a' }, message: 'm' }], undefined, {}, 'gate_policy[0]'],
    ['match.stage different', command('b'), [{ match: { stage: 'a' }, message: 'm' }], undefined, {}, null],
    ['match.role on an agent of that role', agent('x', 'execute'), [{ match: { role: 'execute' }, message: 'm' }], 'local', {}, 'gate_policy[0]'],
    ['match.role on another role', agent('x', 'evaluate'), [{ match: { role: 'execute' }, message: 'm' }], 'local', {}, null],
    ['match.role on a command stage', command('x'), [{ match: { role: 'execute' }, message: 'm' }], undefined, {}, null],
    ['match.runtime equal', agent('x', 'execute'), [{ match: { runtime: 'codex' }, message: 'm' }], 'codex', {}, 'gate_policy[0]'],
    ['match.runtime different', agent('x', 'execute'), [{ match: { runtime: 'codex' }, message: 'm' }], 'local', {}, null],
    ['all match fields must agree', agent('x', 'execute'), [{ match: { role: 'execute', runtime: 'codex' }, message: 'm' }], 'local', {}, null],
    ['empty match gates every stage', command('a'), [{ match: {}, message: 'm' }], undefined, {}, 'gate_policy[0]'],
    ['when true', agent('x', 'execute'), [prodOnly], 'local', { "inputs.env == 'prod'": true }, 'gate_policy[0]'],
    ['when false', agent('x', 'execute'), [prodOnly], 'local', { "inputs.env == 'prod'": false }, null],
    [
      'first matching rule wins',
      command('a'),
      [
        { match: { stage: 'b' }, message: '0' },
        { match: { stage: 'a' }, message: '1' },
        { match: {}, message: '2' },
      ],
      undefined,
      {},
      'gate_policy[1]',
    ],
  ] as const)('%s', (_, stage, rules, runtime, truths, expected) => {
    const result = gate(stage as Stage, [...rules] as GateRule[], runtime, truths as Record<string, boolean>);
    expect(result?.rule ?? null).toBe(expected);
  });

  it('renders rule messages and keeps stage approval timeouts', () => {
    expect(
      gate(agent('x', 'execute'), [{ match: { role: 'execute' }, when: "inputs.env == 'prod'", message: 'Agent edits ${{ inputs.env }}' }], 'local', {
        "inputs.env == 'prod'": true,
      }),
    ).toEqual({
      message: 'Agent edits prod',
      rule: 'gate_policy[0]',
      onTimeout: 'reject',
    });
    expect(gate(command('a', { approval: { message: 'ok?', onTimeout: 'needs_review', timeoutMs: 60_000 } }), [])).toEqual({
      message: 'ok?',
      rule: 'approval',
      onTimeout: 'needs_review',
      timeoutMs: 60_000,
    });
  });
});

describe('retry policy decision table', () => {
  const stagePolicy: RetryPolicy = { max: 3, delayMs: 10, backoff: 2, maxDelayMs: 100 };
  const pipelineDefault: RetryPolicy = { max: 2, delayMs: 20, backoff: 1, maxDelayMs: 0 };
  const orchestratorDefault: RetryPolicy = { max: 1, delayMs: 2000, backoff: 1, maxDelayMs: 0 };
  /** The policy of a stage given which levels set one. */
  function policy(stageRetry?: RetryPolicy, defaults?: RetryPolicy, orchestrator?: RetryPolicy): RetryPolicy {
    const stage = command('a', stageRetry ? { retry: stageRetry } : {});
    const run = { pipeline: { defaults: { retry: defaults } } as unknown as Pipeline, orchestrator: { retryPolicy: orchestrator } as unknown as Orchestrator } as EngineRun;
    return retryPolicyOf(run, stage);
  }
  it.each([
    ['stage only', stagePolicy, undefined, undefined, stagePolicy],
    ['stage over pipeline defaults and orchestrator', stagePolicy, pipelineDefault, orchestratorDefault, stagePolicy],
    ['pipeline defaults over orchestrator', undefined, pipelineDefault, orchestratorDefault, pipelineDefault],
    ['orchestrator retry_policy for stages that set none', undefined, undefined, orchestratorDefault, orchestratorDefault],
    ['nothing set: no retries', undefined, undefined, undefined, { max: 0, delayMs: 0, backoff: 1, maxDelayMs: 0 }],
  ] as const)('%s', (_, s, d, o, expected) => {
    expect(policy(s, d, o)).toEqual(expected);
  });
});
