// Where a remote stage ran, as the views show it: the dashboard row and the run summary table.
import { describe, expect, it } from 'vitest';
import { foldRunView, type JournalEvent } from '../../src/model/index.js';
import { stageDetail, lookKeyOf } from '../../src/reporters/dashboard/rows.js';
import { renderSummaryTable } from '../../src/reporters/index.js';
import { summaryRows } from '../../src/reporters/view-rows.js';

const base = (seq: number): { seq: number; ts: string; run_id: string } => ({ seq, ts: `2026-12-06T10:00:0${seq}.000Z`, run_id: 'r1' });
const events: JournalEvent[] = [
  { ...base(1), type: 'stage.started', stage: 'build', attempt: 1, runtime_id: null, pid: null, executor: 'bullmq', worker: 'wB', host: 'box2', job: 'r1.build.1' },
  {
    ...base(2),
    type: 'stage.finished',
    stage: 'build',
    attempt: 1,
    status: 'succeeded',
    exit_code: 0,
    signal: null,
    duration_ms: 20,
    outputs: {},
    log: 'logs/build.1.log',
    reason: null,
  },
  { ...base(3), type: 'stage.started', stage: 'here', attempt: 1, runtime_id: null, pid: null },
];

describe('placement in views', () => {
  const view = foldRunView(events);

  it('folds stage.started into the stage placement (absent executor: local)', () => {
    expect(view.stages.build?.placement).toEqual({ executor: 'bullmq', worker: 'wB', host: 'box2', job: 'r1.build.1' });
    expect(view.stages.here?.placement).toEqual({ executor: 'local', worker: null, host: null, job: null });
  });

  it('puts the worker on the dashboard row of a remote stage only', () => {
    const build = view.stages.build;
    const here = view.stages.here;
    if (!build || !here) throw new Error('stages missing');
    expect(stageDetail(view, build, lookKeyOf(view, build), Date.parse('2026-12-06T10:00:09Z'))).toContain('@ wB (box2)');
    expect(stageDetail(view, here, lookKeyOf(view, here), Date.parse('2026-12-06T10:00:09Z'))).not.toContain('@');
  });

  it('adds a `ran on` column to the summary table when a stage ran remotely', () => {
    const table = renderSummaryTable(summaryRows(view), false);
    expect(table).toMatch(/stage\s+status\s+attempts\s+duration\s+ran on/);
    expect(table).toMatch(/build\s+succeeded\s+1\s+20ms\s+wB \(box2\)/);
    expect(renderSummaryTable(summaryRows(foldRunView(events.slice(2))), false)).not.toContain('ran on');
  });
});
