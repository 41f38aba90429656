import { describe, expect, it } from 'vitest';
import type { EventDraft } from '../../src/model/index.js';
import { Journal, newManifest, rebuildManifestFromJournal, runPaths } from '../../src/store/index.js';
import { expectValidJournal, expectValidManifest, finished, journalOf as journalOfRun, sampleManifest, started, tempDir, usage } from './helpers.js';

const RUN = '20261121-103000-k3f9';

/** The journal of `drafts` for this file's run. */
const journalOf = (drafts: EventDraft[]) => journalOfRun(drafts, RUN, 'agents');

const pipeline = { name: 'agents', file: 'pipelines/agents.yaml', hash: 'sha256:1' };

describe('rebuildManifestFromJournal', () => {
  it('recreates stage statuses, attempts, visits, outputs, usage and the run status', () => {
    const events = journalOf([
      { type: 'run.started', pipeline, inputs: { task: 'x' }, parent_run: null },
      started('execute', 1),
      { ...finished('execute', 1, 'failed'), usage: usage(100, 10, 0.5) },
      { type: 'stage.retrying', stage: 'execute', attempt: 1, delay_ms: 10, reason: 'exit code 1' },
      started('execute', 2),
      { ...finished('execute', 2, 'succeeded'), usage: usage(200, 20, 1) },
      { type: 'route.decided', from: 'execute', to: 'evaluate', why: 'default' },
      started('evaluate', 1),
      finished('evaluate', 1, 'succeeded', { signal: 'fail' }),
      { type: 'route.decided', from: 'evaluate', to: 'execute', why: "outputs.signal == 'fail'" },
      started('execute', 3),
      { ...finished('execute', 3, 'succeeded', { version: '1.2' }), usage: usage(1, 2, 0.25) },
      started('evaluate', 2),
      finished('evaluate', 2, 'succeeded', { signal: 'pass' }),
      { type: 'stage.skipped', stage: 'reflect', attempt: 1, reason: 'if_false' },
      { type: 'run.finished', status: 'succeeded', reason: null },
    ]);
    const base = newManifest({ runId: RUN, pipeline: { name: 'old', file: 'x', hash: 'h' }, stageIds: ['execute', 'evaluate', 'reflect', 'deploy'] });
    const before = structuredClone(base);
    const m = rebuildManifestFromJournal(events, base);

    expect(base).toEqual(before); // pure
    expectValidManifest(m);
    expect(m.pipeline).toEqual(pipeline);
    expect(m.inputs).toEqual({ task: 'x' });
    expect(m.status).toBe('succeeded');
    expect(m.finished_at).toBe(events[events.length - 1].ts);
    expect(m.updated_at).toBe(events[events.length - 1].ts);
    expect(m.stages.execute).toMatchObject({ status: 'succeeded', attempts: 3, visits: 2, exit_code: 0, outputs: { version: '1.2' }, log: 'logs/execute.3.log' });
    expect(m.stages.execute.usage).toEqual(usage(301, 32, 1.75));
    expect(m.stages.evaluate).toMatchObject({ status: 'succeeded', attempts: 2, visits: 2, outputs: { signal: 'pass' }, duration_ms: 12 });
    expect(m.stages.reflect).toMatchObject({ status: 'skipped', reason: 'if_false', visits: 0 });
    expect(m.stages.deploy).toMatchObject({ status: 'pending', attempts: 0, visits: 0 });
    expect(m.usage).toEqual(usage(301, 32, 1.75));
  });

  it('leaves an unfinished run running with the in-flight stage running', () => {
    const events = journalOf([started('build', 1)]);
    const m = rebuildManifestFromJournal(events, sampleManifest(RUN, ['build']));
    expect(m.status).toBe('running');
    expect(m.finished_at).toBeNull();
    expect(m.stages.build).toMatchObject({ status: 'running', attempts: 1, visits: 1, exit_code: null });
  });

  it('counts a re-run after resume as the same visit with a new attempt', () => {
    const events = journalOf([started('build', 1), { type: 'run.resumed', reason: 'owner died' }, started('build', 2), finished('build', 2, 'succeeded')]);
    const m = rebuildManifestFromJournal(events, sampleManifest(RUN, ['build']));
    expect(m.stages.build).toMatchObject({ status: 'succeeded', attempts: 2, visits: 1 });
  });

  it('uses the visit number of events when they carry one', () => {
    const events = journalOf([
      { ...started('loop', 4), visit: 3 },
      { type: 'stage.skipped', stage: 'other', attempt: 1, visit: 2, reason: 'cached' },
    ]);
    const m = rebuildManifestFromJournal(events, sampleManifest(RUN, ['loop', 'other']));
    expect(m.stages.loop.visits).toBe(3);
    expect(m.stages.other.visits).toBe(2);
  });

  it('tracks approval gates', () => {
    const waiting = journalOf([{ type: 'gate.waiting', stage: 'deploy', attempt: 1, message: 'Ship it?', rule: null }]);
    const parked = rebuildManifestFromJournal(waiting, sampleManifest(RUN, ['deploy']));
    expect(parked.status).toBe('awaiting_approval');
    expect(parked.stages.deploy).toMatchObject({ status: 'awaiting_approval', visits: 1 });

    const decided = journalOf([
      { type: 'gate.waiting', stage: 'deploy', attempt: 1, message: 'Ship it?', rule: null },
      { type: 'gate.decided', stage: 'deploy', attempt: 1, decision: 'approved', by: 'ana', comment: null },
      started('deploy', 1),
    ]);
    const running = rebuildManifestFromJournal(decided, sampleManifest(RUN, ['deploy']));
    expect(running.status).toBe('running');
    expect(running.stages.deploy).toMatchObject({ status: 'running', visits: 1, attempts: 1 });
  });
});
