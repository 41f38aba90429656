// The durability rule through the real run path (in process, real child processes, real
// files): no stage starts before every stage that finished earlier is on disk. In a sequence
// each stage.finished is fsynced at once; branches finishing while others run share one
// asynchronous group sync, which must complete before any later stage starts.
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runPipeline } from '../../src/api/index.js';
import { makeProject, pipelineYaml } from '../e2e/helpers.js';

type Entry = { kind: 'finished' | 'started'; stage: string; seq: number } | { kind: 'synced'; upTo: number };

/** Records journal lines written and syncs completed (both still happen for real). */
function traceJournal(): { entries: Entry[]; asyncSyncs: () => number } {
  const entries: Entry[] = [];
  let written = 0;
  let asyncSyncs = 0;
  const writeSync = fs.writeSync.bind(fs);
  vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Buffer, offset?: number, length?: number) => {
    const done = writeSync(fd, buffer, offset, length);
    const text = Buffer.isBuffer(buffer) ? buffer.toString('utf8', offset ?? 0, (offset ?? 0) + done) : '';
    const event = /^\{"type":"stage\.(started|finished)","seq":(\d+),.*?"stage":"([^"]+)"/.exec(text);
    if (event) {
      written = Number(event[2]);
      entries.push({ kind: event[1] as 'started' | 'finished', stage: event[3] as string, seq: written });
    }
    return done;
  }) as typeof fs.writeSync);
  const fdatasyncSync = fs.fdatasyncSync.bind(fs);
  vi.spyOn(fs, 'fdatasyncSync').mockImplementation((fd: number) => {
    const upTo = written;
    fdatasyncSync(fd);
    entries.push({ kind: 'synced', upTo });
  });
  const fdatasync = fs.fdatasync.bind(fs);
  vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
    const upTo = written;
    asyncSyncs++;
    fdatasync(fd, (error) => {
      if (!error) entries.push({ kind: 'synced', upTo });
      callback(error);
    });
  }) as typeof fs.fdatasync);
  return { entries, asyncSyncs: () => asyncSyncs };
}

/** Every command stage's stage.started comes after a sync covering every stage.finished written before it. */
function expectFinishedDurableBeforeNextStart(entries: Entry[], commandStages: ReadonlySet<string>): void {
  let durableUpTo = 0;
  let lastFinished = 0;
  let checked = 0;
  for (const entry of entries) {
    if (entry.kind === 'synced') durableUpTo = Math.max(durableUpTo, entry.upTo);
    else if (entry.kind === 'finished') lastFinished = entry.seq;
    else if (commandStages.has(entry.stage)) {
      expect(durableUpTo, `stage ${entry.stage} started before an earlier stage.finished was synced`).toBeGreaterThanOrEqual(lastFinished);
      checked++;
    }
  }
  expect(checked).toBe(commandStages.size);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('durability before the next stage starts', { timeout: 60_000 }, () => {
  it('a sequence: each stage.finished is fsynced at once (no group sync)', async () => {
    const stages = ['a', 'b', 'c', 'd'];
    const project = makeProject({ 'p.yaml': pipelineYaml('p', stages.map((s) => `  ${s}:\n    run: ["true"]\n`).join('')) });
    const trace = traceJournal();
    const result = await runPipeline({ cwd: project, pipeline: 'p.yaml' });
    expect(result.status).toBe('succeeded');
    expect(trace.asyncSyncs()).toBe(0);
    expectFinishedDurableBeforeNextStart(trace.entries, new Set(stages));
  });

  it('a parallel group under a run limit: branches finishing together share a group sync, synced before any later stage starts', async () => {
    const branches = Array.from({ length: 12 }, (_, i) => `b${i}`);
    const group = `  g:\n    parallel:\n${branches.map((b) => `      ${b}: { run: ["true"] }\n`).join('')}  after:\n    run: ["true"]\n`;
    const project = makeProject({ 'p.yaml': pipelineYaml('p', group) });
    const trace = traceJournal();
    const result = await runPipeline({ cwd: project, pipeline: 'p.yaml', maxParallel: 3 });
    expect(result.status).toBe('succeeded');
    expect(trace.asyncSyncs()).toBeGreaterThan(0);
    expectFinishedDurableBeforeNextStart(trace.entries, new Set([...branches, 'after']));
  });
});
