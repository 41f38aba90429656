import { describe, expect, it } from 'vitest';
import {
  activeStages,
  emptyRunView,
  foldRunView,
  gateExpired,
  gatesAwaitingDecision,
  planStagesOf,
  stageRecordOf,
  type CommandStage,
  type EventDraft,
  type RunPlan,
} from '../../src/model/index.js';
import { newManifest, rebuildManifestFromJournal } from '../../src/store/index.js';
import { finished, journalOf as journalOfRun, started, usage } from '../store/helpers.js';

const RUN = '20261206-103000-k3f9';
const pipeline = { name: 'loop', file: 'pipelines/loop.yaml', hash: 'sha256:1' };

/** The journal of `drafts` for this file's run. */
const journalOf = (drafts: EventDraft[]) => journalOfRun(drafts, RUN, 'loop');

const loopDrafts: EventDraft[] = [
  { type: 'run.started', pipeline, inputs: { task: 'x' }, parent_run: null },
  started('execute', 1),
  { ...finished('execute', 1, 'failed'), usage: usage(100, 10, 0.5), tail: ['boom'] },
  { type: 'stage.retrying', stage: 'execute', attempt: 1, delay_ms: 10, reason: 'exit code 1' },
  started('execute', 2),
  { ...finished('execute', 2, 'succeeded'), usage: usage(200, 20, 1) },
  { type: 'route.decided', from: 'execute', to: 'evaluate', why: 'default' },
  started('evaluate', 1),
  finished('evaluate', 1, 'succeeded', { signal: 'fail' }),
  { type: 'route.decided', from: 'evaluate', to: 'execute', why: "outputs.signal == 'fail'" },
  started('execute', 3),
  { ...finished('execute', 3, 'succeeded', { version: '1.2' }), usage: usage(1, 2, 0.25) },
  { type: 'route.decided', from: 'execute', to: 'evaluate', why: 'default' },
  started('evaluate', 2),
  finished('evaluate', 2, 'succeeded', { signal: 'pass' }),
  { type: 'stage.skipped', stage: 'reflect', attempt: 1, reason: 'if_false' },
  { type: 'route.decided', from: 'evaluate', to: 'end', why: 'default' },
  { type: 'run.finished', status: 'succeeded', reason: null },
];

/** A command stage of a normalised pipeline that goes to `next`, declared at `line`. */
function commandStage(id: string, next: string, line: number): CommandStage {
  const common = { env: {}, onFailure: 'fail', next: [{ to: next }], sources: [], generates: [], idempotent: true, loc: { file: 'p', line, col: 1 } };
  return { id, kind: 'command', run: { kind: 'argv', argv: ['true'] }, ...common };
}

describe('foldRunView', () => {
  it('agrees with the manifest rebuilt from the same journal on every stage record, at every prefix', () => {
    const events = journalOf(loopDrafts);
    const base = newManifest({ runId: RUN, pipeline, stageIds: [] });
    for (let n = 0; n <= events.length; n++) {
      const view = foldRunView(events.slice(0, n));
      const manifest = rebuildManifestFromJournal(events.slice(0, n), base);
      for (const [id, record] of Object.entries(manifest.stages)) {
        expect(stageRecordOf(view.stages[id]), `${id} after ${n} events`).toEqual(record);
      }
      expect(view.usage).toEqual(manifest.usage);
      if (n > 0) expect(view.status).toBe(manifest.status);
    }
  });

  it('records the route taken, the ordered path with visit numbers, the position, retries and tails', () => {
    const view = foldRunView(journalOf(loopDrafts));
    expect(view.path.map((s) => `${s.stage}#${s.visit}`)).toEqual(['execute#1', 'evaluate#1', 'execute#2', 'evaluate#2']);
    expect(view.routes.map((r) => `${r.from}->${r.to}`)).toEqual(['execute->evaluate', 'evaluate->execute', 'execute->evaluate', 'evaluate->end']);
    expect(view.position).toBe('succeeded');
    expect(view.stages.execute.total_ms).toBe(view.stages.execute.duration_ms! * 3);
    expect(view.stages.execute.tail).toBeNull(); // cleared by the later successful attempt
    const mid = foldRunView(journalOf(loopDrafts.slice(0, 4)));
    expect(mid.stages.execute.tail).toEqual(['boom']);
    expect(mid.stages.execute.retry).toMatchObject({ attempt: 2, reason: 'exit code 1' });
    expect(activeStages(mid).map((s) => s.id)).toEqual(['execute']);
  });

  it('places planned stages before they start and knows branches from the plan', () => {
    const plan: RunPlan = {
      machine_hash: 'sha256:m',
      stages: planStagesOf([
        commandStage('build', 'checks', 1),
        { ...commandStage('checks', 'end', 2), kind: 'parallel', failFast: true, branches: [commandStage('lint', 'end', 3)] },
      ]),
    };
    const view = foldRunView(journalOf([{ type: 'run.started', version: 2, plan, pipeline, inputs: {}, parent_run: null }]));
    expect(view.version).toBe(2);
    expect(Object.keys(view.stages)).toEqual(['build', 'checks', 'lint']);
    expect(view.stages.lint).toMatchObject({ status: 'pending', kind: 'command', parent: 'checks' });
    expect(view.position).toBe('build');
  });

  it('lists waiting gates and says when one has expired without applying it', () => {
    const view = foldRunView(
      journalOf([
        { type: 'run.started', pipeline, inputs: {}, parent_run: null },
        { type: 'gate.waiting', stage: 'deploy', attempt: 1, message: 'ship?', rule: null, timeout_at: '2026-12-06T10:00:00.000Z', on_timeout: 'reject' },
      ]),
    );
    expect(view.status).toBe('awaiting_approval');
    const [gate] = gatesAwaitingDecision(view);
    expect(gate).toMatchObject({ stage: 'deploy', message: 'ship?', decision: null });
    expect(gateExpired(gate, Date.parse('2026-12-06T09:59:59.000Z'))).toBe(false);
    expect(gateExpired(gate, Date.parse('2026-12-06T10:00:00.000Z'))).toBe(true);
    expect(view.stages.deploy.status).toBe('awaiting_approval');
  });

  it('does not change its base', () => {
    const base = emptyRunView();
    const before = structuredClone(base);
    foldRunView(journalOf(loopDrafts), base);
    expect(base).toEqual(before);
  });
});
