import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Journal, readJournal, RunStoreError, runPaths } from '../../src/store/index.js';
import { expectValidJournal, finished, started, tempDir } from './helpers.js';

const RUN = '20261121-103000-k3f9';

function openJournal(runsDir: string): { journal: Journal; file: string } {
  const paths = runPaths(runsDir, 'demo', RUN);
  return { journal: Journal.open(paths, RUN), file: paths.journal };
}

describe('Journal', () => {
  it('stamps seq, ts and run_id and writes one line per event', () => {
    const { journal, file } = openJournal(tempDir());
    const first = journal.append({ type: 'run.resumed', reason: 'test' });
    const second = journal.append(started('build', 1), { durable: false });
    journal.close();
    expect(first).toMatchObject({ type: 'run.resumed', seq: 1, run_id: RUN, reason: 'test' });
    expect(second.seq).toBe(2);
    expect(Object.keys(first).slice(0, 4)).toEqual(['type', 'seq', 'ts', 'run_id']);
    expect(fs.readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
    expect(expectValidJournal(file)).toEqual([first, second]);
  });

  it('continues the sequence when reopened', () => {
    const dir = tempDir();
    const a = openJournal(dir).journal;
    a.append(started('build', 1));
    a.append(finished('build', 1, 'succeeded'));
    a.close();
    const b = openJournal(dir).journal;
    expect(b.recovery).toEqual({ lastSeq: 2, truncatedBytes: 0 });
    const third = b.append({ type: 'run.finished', status: 'succeeded', reason: null });
    b.close();
    expect(third.seq).toBe(3);
    const events = expectValidJournal(openJournal(dir).file);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('tolerates a torn last line, then cuts it off on open', () => {
    const dir = tempDir();
    const { journal, file } = openJournal(dir);
    journal.append(started('build', 1));
    journal.append(finished('build', 1, 'succeeded'));
    journal.close();
    fs.appendFileSync(file, '{"type":"stage.started","seq":3,"ts":"2026-');

    const read = readJournal(file);
    expect(read.tornTail).toBe(true);
    expect(read.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(readJournal(file).tornTail).toBe(true); // reading does not repair

    const reopened = openJournal(dir).journal;
    expect(reopened.recovery.lastSeq).toBe(2);
    expect(reopened.recovery.truncatedBytes).toBeGreaterThan(0);
    expect(reopened.append(started('test', 1)).seq).toBe(3);
    reopened.close();
    expect(expectValidJournal(file).map((e) => e.type)).toEqual(['stage.started', 'stage.finished', 'stage.started']);
  });

  it('reports a corrupt committed line with file:line', () => {
    const dir = tempDir();
    const { journal, file } = openJournal(dir);
    journal.append(started('build', 1));
    journal.close();
    fs.appendFileSync(file, 'garbage\n');
    fs.appendFileSync(file, `${JSON.stringify({ type: 'run.resumed', seq: 3, ts: new Date().toISOString(), run_id: RUN, reason: 'x' })}\n`);
    expect(() => readJournal(file)).toThrow(RunStoreError);
    expect(() => readJournal(file)).toThrow(`${file}:2`);
  });

  it('refuses to continue another run’s journal', () => {
    const dir = tempDir();
    const { journal } = openJournal(dir);
    journal.append(started('build', 1));
    journal.close();
    expect(() => Journal.open(runPaths(dir, 'demo', RUN), 'other-run')).toThrow(/belongs to run/);
  });

  it('refuses appends after close', () => {
    const { journal } = openJournal(tempDir());
    journal.close();
    journal.close();
    expect(() => journal.append(started('build', 1))).toThrow(/closed/);
  });

  it('reads a missing journal as empty', () => {
    expect(readJournal(`${tempDir()}/nope.jsonl`)).toEqual({ events: [], tornTail: false });
  });
});
