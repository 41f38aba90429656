// compilePipeline: machine shape details, plan, refusals and the plain-JSON guarantee.
import { describe, expect, it } from 'vitest';
import { compilePipeline, FINAL_STATES, MAX_REGION_BRANCHES, planOf, type StateJson } from '../../src/compile/index.js';
import { ValidationError, EXIT } from '../../src/errors/index.js';
import { agent, agentLoop, argv, buildTest, nested, parallel, pipeline, shell } from './builders.js';
import { GOLDEN_CASES } from './cases.js';

describe('compilePipeline', () => {
  it('produces plain JSON for every golden case', () => {
    for (const build of Object.values(GOLDEN_CASES)) {
      const compiled = compilePipeline(build().pipeline);
      expect(JSON.parse(JSON.stringify(compiled))).toEqual(compiled);
    }
  });

  it('names the machine after the pipeline and starts at the first stage', () => {
    const { machine } = compilePipeline(agentLoop());
    expect(machine.id).toBe('agent-loop');
    expect(machine.initial).toBe('interview');
    expect(Object.keys(machine.states)).toEqual(['interview', 'execute', 'evaluate', 'reflect', 'succeeded', 'failed', 'needs_review']);
    for (const name of Object.values(FINAL_STATES)) expect(machine.states[name]).toEqual({ type: 'final' });
  });

  it('plans every stage and branch with its group, and hashes the machine it was compiled to', () => {
    const p = buildTest();
    const { machine } = compilePipeline(p);
    const plan = planOf(p, machine, () => 3);
    expect(plan.stages.map((s) => [s.id, s.kind, s.parent, s.depth])).toEqual([
      ['install', 'command', null, 0],
      ['checks', 'parallel', null, 0],
      ['lint', 'command', 'checks', 1],
      ['types', 'command', 'checks', 1],
      ['test', 'command', null, 0],
      ['build', 'command', null, 0],
      ['report', 'command', null, 0],
    ]);
    expect(plan.stages.every((s) => s.retries === 3)).toBe(true);
    expect(plan.machine_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(planOf(p, compilePipeline(p).machine).machine_hash).toBe(plan.machine_hash);
    expect(planOf(p, { ...machine, initial: 'test' }).machine_hash).not.toBe(plan.machine_hash);
  });

  it('picks the actor source by stage kind', () => {
    const p = pipeline('kinds', [shell('c', 'true'), agent('a', 'reflect'), nested('n', 'pipelines/x.yaml')]);
    const { states } = compilePipeline(p).machine;
    expect([states.c.invoke?.src, states.a.invoke?.src, states.n.invoke?.src]).toEqual(['runCommand', 'runAgent', 'runNestedPipeline']);
    expect(states.n.meta).toEqual({ kind: 'pipeline', label: 'pipeline: pipelines/x.yaml' });
  });

  it('summarises commands for meta labels, quoting argv words and shortening long scripts', () => {
    const long = `echo ${'x'.repeat(100)}`;
    const p = pipeline('labels', [argv('a', ['printf', '%s\n', "it's"]), shell('b', long), shell('c', '  first\nsecond')]);
    const { states } = compilePipeline(p).machine;
    expect(states.a.meta?.label).toBe("printf $'%s\\n' 'it'\\''s'");
    expect(states.b.meta?.label).toHaveLength(60);
    expect(states.b.meta?.label.endsWith('…')).toBe(true);
    expect(states.c.meta?.label).toBe('first …');
  });

  it('drops the failure transition with on_failure continue and targets a stage otherwise', () => {
    const p = pipeline('failures', [shell('a', 'a', { onFailure: 'continue' }), shell('b', 'b', { onFailure: 'a' })]);
    const { states } = compilePipeline(p).machine;
    expect(states.a.invoke?.onDone?.map((t) => t.guard?.type)).toEqual([undefined]);
    expect(states.b.invoke?.onDone?.[0]).toMatchObject({
      guard: { type: 'stageFailed', params: { stage: 'b' } },
      target: '#failures.a',
      actions: [{ type: 'decideRoute', params: { from: 'b', to: 'a', why: 'on_failure' } }],
    });
  });

  it("says 'next' for the implicit following stage and 'default' for an explicit jump", () => {
    const p = pipeline('whys', [shell('a', 'a'), shell('b', 'b', { next: 'd' }), shell('c', 'c'), shell('d', 'd')]);
    const { states } = compilePipeline(p).machine;
    const why = (state: StateJson) => state.invoke?.onDone?.at(-1)?.actions?.[0].params?.why;
    expect([why(states.a), why(states.b), why(states.c), why(states.d)]).toEqual(['next', 'default', 'next', 'next']);
  });

  it('marks only transitions back to the stage itself as reentering', () => {
    const p = pipeline('loops', [shell('a', 'a', { maxVisits: 3, onFailure: 'a', next: [{ when: 'outputs.again', to: 'a' }, { to: 'end' }] })]);
    const run = compilePipeline(p).machine.states.a.states?.run;
    expect(run?.invoke?.onDone?.map((t) => t.reenter ?? false)).toEqual([true, true, false]);
    expect(run?.invoke?.onError?.[0].reenter).toBeUndefined();
  });

  it('builds a plain parallel stage without fail_fast with no fail_fast event', () => {
    const p = pipeline('fan', [parallel('p', [shell('x', 'x'), shell('y', 'y')], false)]);
    const state = compilePipeline(p).machine.states.p;
    expect(state.type).toBe('parallel');
    expect(state.entry).toEqual([{ type: 'countVisit', params: { stage: 'p' } }]);
    expect(state.on).toBeUndefined();
    expect(Object.keys(state.states ?? {})).toEqual(['x', 'y']);
    expect(state.onDone?.[0].guard).toEqual({ type: 'groupFailed', params: { stage: 'p' } });
  });

  it('sends fail_fast to the failed state when the group continues on failure', () => {
    const p = pipeline('fan', [parallel('p', [shell('x', 'x')], true, { onFailure: 'continue' })]);
    const state = compilePipeline(p).machine.states.p;
    expect(state.on?.['flowstate.fail_fast']).toEqual([{ target: '#fan.failed', actions: [{ type: 'decideRoute', params: { from: 'p', to: 'fail', why: 'fail_fast' } }] }]);
  });

  it('compiles a pipeline without stages to an immediately succeeded machine', () => {
    expect(compilePipeline(pipeline('empty', [])).machine.initial).toBe('succeeded');
  });

  it('compiles 10,000 stages', () => {
    const stages = Array.from({ length: 10_000 }, (_, i) => shell(`s${i}`, `echo ${i}`));
    const big = pipeline('big', stages);
    const { machine } = compilePipeline(big);
    expect(planOf(big, machine).stages).toHaveLength(10_000);
    expect(machine.states.s9999.invoke?.onDone?.at(-1)?.target).toBe('#big.succeeded');
  });
});

describe('compilePipeline refusals', () => {
  it('compiles stages with `approval` (gates are decided by the engine at run time)', () => {
    const p = pipeline('gated', [shell('deploy', 'ship', { approval: { message: 'Ship it?', onTimeout: 'reject' } })]);
    expect(compilePipeline(p).machine.states.deploy.invoke?.src).toBe('runCommand');
    const branch = pipeline('gated', [parallel('p', [shell('x', 'x', { approval: { message: 'ok?', onTimeout: 'reject' } })], false)]);
    expect(() => compilePipeline(branch)).not.toThrow();
  });

  it('compiles a small group as one region per branch and a larger one (any size) as one queued state', () => {
    const group = (n: number) => {
      const branches = Array.from({ length: n }, (_, i) => shell(`b${i}`, 'true'));
      return compilePipeline(pipeline('wide', [parallel('fan', branches, false)])).machine.states.fan;
    };
    const regions = group(MAX_REGION_BRANCHES);
    expect(regions?.type).toBe('parallel');
    expect(Object.keys(regions?.states ?? {})).toHaveLength(MAX_REGION_BRANCHES);
    for (const n of [MAX_REGION_BRANCHES + 1, 1000]) {
      const queued = group(n);
      expect(queued?.type).toBeUndefined();
      expect(Object.keys(queued?.states ?? {})).toEqual(['cells']);
      expect(queued?.states?.cells?.invoke).toMatchObject({ src: 'runQueuedGroup', input: { stage: 'fan' } });
      expect(queued?.states?.cells?.meta).toEqual({ kind: 'cells', label: `${n} branches` });
    }
  });

  it('reports reserved ids, bad routes and unknown targets as diagnostics at the stage', () => {
    const reserved = pipeline('bad', [shell('failed', 'x', { loc: { file: '/p.yaml', line: 4, col: 3 } })]);
    const error = captureError(() => compilePipeline(reserved));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe('/p.yaml:4:3: stage id `failed` is reserved');
    const noDefault = pipeline('bad', [shell('a', 'x', { next: [{ when: 'outputs.x', to: 'end' }] })]);
    expect(() => compilePipeline(noDefault)).toThrow(/must end with a route that has no `when`/);
    const unknown = pipeline('bad', [parallel('p', [shell('x', 'x')], false), shell('a', 'a', { next: 'x' })]);
    expect(() => compilePipeline(unknown)).toThrow(/route target `x` is not a top-level stage/);
    const dotted = pipeline('bad', [shell('a.b', 'x')]);
    expect(() => compilePipeline(dotted)).toThrow(/must match/);
    const twice = pipeline('bad', [shell('a', 'x'), parallel('p', [shell('a', 'y')], false)]);
    expect(() => compilePipeline(twice)).toThrow(/`a` is used twice/);
  });
});

function captureError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an error');
}
