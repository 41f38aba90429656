// Group commit (issue 16): stages that finish at the same moment share one fdatasync, the sync
// happens before the next stage can start (the engine calls commit()) or when the event loop
// turns, and nothing durable is left unsynced when the run ends.
import fs from 'node:fs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunRecorder } from '../../src/api/recorder.js';
import type { EventDraft } from '../../src/model/index.js';

/** A stage.finished draft for a succeeded no-op stage. */
function finished(stage: string): EventDraft {
  return { type: 'stage.finished', stage, attempt: 1, status: 'succeeded', exit_code: 0, signal: null, duration_ms: 1, outputs: {}, log: null, reason: null };
}

/** A recorder for a fresh run in a temporary runs dir, with fdatasync counted. */
function recorder(): { rec: RunRecorder; syncs: () => number } {
  const rec = RunRecorder.create({
    runsDir: mkdtempSync(join(tmpdir(), 'flowstate-commit-')),
    runId: '20260101-000000-abcd',
    pipeline: { name: 'p', file: 'p.yaml', hash: 'h' },
    inputs: {},
    parentRun: null,
    stageIds: ['a', 'b', 'c'],
    xstateVersion: '5',
    listeners: [],
  });
  const spy = vi.spyOn(fs, 'fdatasyncSync');
  return { rec, syncs: () => spy.mock.calls.length };
}

const journalLines = (rec: RunRecorder): number => readFileSync(rec.paths.journal, 'utf8').split('\n').filter(Boolean).length;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('RunRecorder group commit', () => {
  it('syncs stages that finish in the same turn with one fdatasync', async () => {
    const { rec, syncs } = recorder();
    rec.emit(finished('a'));
    rec.emit(finished('b'));
    rec.emit(finished('c'));
    expect(syncs()).toBe(0);
    expect(journalLines(rec)).toBe(3); // written at once, synced together
    await nextTurn();
    expect(syncs()).toBe(1);
    rec.finish('succeeded', null);
  });

  it('commit() syncs a pending durable event at once (the engine calls it before a stage starts), and only then', () => {
    const { rec, syncs } = recorder();
    rec.commit();
    expect(syncs()).toBe(0);
    rec.emit({ type: 'stage.started', stage: 'a', attempt: 1, visit: 1, runtime_id: null, pid: 1 });
    rec.commit();
    expect(syncs()).toBe(0); // stage.started need not be durable
    rec.emit(finished('a'));
    rec.commit();
    expect(syncs()).toBe(1);
    rec.commit();
    expect(syncs()).toBe(1);
    rec.finish('succeeded', null);
  });

  it('syncs at once when asked (durable: true) and leaves nothing unsynced at the end', async () => {
    const { rec, syncs } = recorder();
    rec.emit({ type: 'stage.started', stage: 'a', attempt: 1, visit: 1, runtime_id: null, pid: null }, { durable: true });
    expect(syncs()).toBe(1);
    rec.emit(finished('a'));
    rec.finish('succeeded', null);
    expect(syncs()).toBe(2);
    await nextTurn(); // the scheduled commit finds the journal closed and does nothing
    expect(syncs()).toBe(2);
  });
});
