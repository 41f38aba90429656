// The compiled configs run under real XState (stub actors/guards/actions from xstate-harness):
// they reach the right final state, loop, give up after max_visits and leave fail-fast groups.
import { describe, expect, it } from 'vitest';
import { actionsUsed, actorsUsed, compilePipeline, guardsUsed } from '../../src/compile/index.js';
import { agent, agentLoop, buildTest, nested, parallel, pipeline, shell } from './builders.js';
import { GOLDEN_CASES } from './cases.js';
import { runMachine, STUB_NAMES } from './xstate-harness.js';

const fail = { status: 'failed' as const };
const ok = { status: 'succeeded' as const };
const signal = (value: string) => ({ status: 'succeeded' as const, outputs: { signal: value } });

describe('compiled machines under XState', () => {
  it('reference only the guards, actions and actors the engine provides', () => {
    for (const build of Object.values(GOLDEN_CASES)) {
      const { machine } = compilePipeline(build().pipeline);
      expect(STUB_NAMES.actors).toEqual(expect.arrayContaining(actorsUsed(machine)));
      expect(STUB_NAMES.guards).toEqual(expect.arrayContaining(guardsUsed(machine)));
      expect(STUB_NAMES.actions).toEqual(expect.arrayContaining(actionsUsed(machine)));
    }
  });

  it('run a linear pipeline to succeeded, deciding each route', async () => {
    const { machine } = compilePipeline(GOLDEN_CASES.linear().pipeline);
    const run = await runMachine(machine);
    expect(run.final).toBe('succeeded');
    expect(run.context.routes).toEqual(['hello->list: next', 'list->multi: next', 'multi->end: next']);
  });

  it('loop evaluate back to execute until the signal passes', async () => {
    const { machine } = compilePipeline(agentLoop());
    const run = await runMachine(machine, { evaluate: [signal('fail'), signal('fail'), signal('pass')] });
    expect(run.final).toBe('succeeded');
    expect(run.runs).toEqual({ interview: 1, execute: 3, evaluate: 3, reflect: 1 });
    expect(run.context.visits.evaluate).toBe(3);
    expect(run.context.routes.filter((r) => r.startsWith('evaluate->'))).toEqual([
      "evaluate->execute: when outputs.signal == 'fail'",
      "evaluate->execute: when outputs.signal == 'fail'",
      'evaluate->reflect: default',
    ]);
  });

  it('end needs_review when evaluate is entered more than max_visits times', async () => {
    const { machine } = compilePipeline(agentLoop());
    const run = await runMachine(machine, { evaluate: [signal('fail')] });
    expect(run.final).toBe('needs_review');
    expect(run.runs.evaluate).toBe(3);
    expect(run.context.visits.evaluate).toBe(4);
    expect(run.context.routes.at(-1)).toBe('evaluate->needs_review: max_visits 3 exhausted');
  });

  it('re-enter a stage that routes to itself, so its visits are counted', async () => {
    const p = pipeline('self-loop', [shell('poll', 'check', { maxVisits: 2, next: [{ when: "outputs.ready == 'no'", to: 'poll' }, { to: 'end' }] })]);
    const run = await runMachine(compilePipeline(p).machine, { poll: [{ status: 'succeeded', outputs: { ready: 'no' } }] });
    expect(run.final).toBe('needs_review');
    expect(run.runs.poll).toBe(2);
  });

  it('follow on_failure to the report stage, which ends the run failed', async () => {
    const { machine } = compilePipeline(buildTest());
    const run = await runMachine(machine, { test: [fail] }, { "inputs.env == 'prod'": true });
    expect(run.final).toBe('failed');
    expect(run.context.routes).toContain('test->report: on_failure');
    expect(run.context.routes.at(-1)).toBe('report->fail: default');
    expect(run.runs.build).toBeUndefined();
  });

  it('skip a stage whose `if` is false and follow its default route', async () => {
    const { machine } = compilePipeline(buildTest());
    const run = await runMachine(machine, {}, { "inputs.env == 'prod'": false });
    expect(run.final).toBe('succeeded');
    expect(run.context.skipped).toEqual(['build']);
    expect(run.context.routes.at(-1)).toBe('build->end: skipped');
    expect(run.runs.build).toBeUndefined();
  });

  it('leave a fail-fast group as soon as one branch fails, stopping the others', async () => {
    const { machine } = compilePipeline(buildTest());
    const run = await runMachine(machine, { lint: [fail], types: [{ status: 'succeeded', hangs: true }] });
    expect(run.final).toBe('failed');
    expect(run.context.routes.at(-1)).toBe('checks->fail: fail_fast');
    expect(run.aborted).toEqual(['types']);
    expect(run.runs.test).toBeUndefined();
  });

  it('wait for every branch without fail_fast, then take on_failure', async () => {
    const p = pipeline('join', [
      parallel('group', [shell('a', 'a'), shell('b', 'b')], false, { onFailure: 'cleanup' }),
      shell('after', 'after', { next: 'end' }),
      shell('cleanup', 'cleanup', { next: 'fail' }),
    ]);
    const run = await runMachine(compilePipeline(p).machine, { a: [fail], b: [ok] });
    expect(run.final).toBe('failed');
    expect(run.runs).toEqual({ a: 1, b: 1, cleanup: 1 });
    expect(run.context.routes).toEqual(['group->cleanup: on_failure', 'cleanup->fail: default']);
  });

  it('follow the routes of a failed stage with on_failure continue', async () => {
    const p = pipeline('continue', [agent('try', 'execute', { onFailure: 'continue' }), nested('child', 'pipelines/child.yaml')]);
    const run = await runMachine(compilePipeline(p).machine, { try: [fail] });
    expect(run.final).toBe('succeeded');
    expect(run.runs).toEqual({ try: 1, child: 1 });
  });

  it('end failed when a stage actor errors', async () => {
    const { machine } = compilePipeline(GOLDEN_CASES.linear().pipeline);
    const run = await runMachine(machine, { list: [{ status: 'succeeded', throws: true }] });
    expect(run.final).toBe('failed');
    expect(run.context.routes.at(-1)).toBe('list->fail: error');
  });

  it('run the guarded parallel group, skipping a branch and looping once', async () => {
    const { machine } = compilePipeline(GOLDEN_CASES['guarded-parallel']().pipeline);
    const conditions = { 'inputs.enabled': true, "inputs.mode != 'fast'": false, "stages.a.status == 'failed'": [true, false] };
    const run = await runMachine(machine, { a: [fail, ok] }, conditions);
    expect(run.final).toBe('succeeded');
    expect(run.context.skipped).toEqual(['b', 'b']);
    expect(run.runs).toEqual({ a: 2, c: 2 });
    expect(run.context.visits.fanout).toBe(2);
    expect(run.context.routes).toEqual(["fanout->fanout: when stages.a.status == 'failed'", 'fanout->end: default']);
  });

  it('skip a parallel group whose `if` is false', async () => {
    const { machine } = compilePipeline(GOLDEN_CASES['guarded-parallel']().pipeline);
    const run = await runMachine(machine, {}, { 'inputs.enabled': false });
    expect(run.final).toBe('succeeded');
    expect(run.context.skipped).toEqual(['fanout']);
    expect(run.runs).toEqual({});
  });
});
