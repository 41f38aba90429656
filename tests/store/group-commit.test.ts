// Group commit: events appended with `durable: 'shared'` are made durable by one asynchronous
// fdatasync covering all of them; a failed group sync fails like an immediate one.
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Journal, readJournal, RunStoreError, runPaths } from '../../src/store/index.js';
import { finished, started, tempDir } from './helpers.js';

const RUN = '20261121-103000-k3f9';

function openJournal(): { journal: Journal; file: string } {
  const paths = runPaths(tempDir(), 'demo', RUN);
  return { journal: Journal.open(paths, RUN), file: paths.journal };
}

/** Counts the asynchronous and the synchronous fdatasync calls (they still run for real). */
function countSyncs(): { async: () => number; sync: () => number } {
  const asyncSpy = vi.spyOn(fs, 'fdatasync');
  const syncSpy = vi.spyOn(fs, 'fdatasyncSync');
  return { async: () => asyncSpy.mock.calls.length, sync: () => syncSpy.mock.calls.length };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Journal group commit', () => {
  it('makes several shared events durable with one fdatasync, and nothing syncs when none waits', async () => {
    const { journal, file } = openJournal();
    const syncs = countSyncs();
    await journal.whenDurable();
    journal.append(started('a', 1), { durable: false });
    await journal.whenDurable(); // a non-durable event is not waited for
    expect(syncs.async()).toBe(0);
    for (const stage of ['a', 'b', 'c']) journal.append(finished(stage, 1, 'succeeded'), { durable: 'shared' });
    expect(syncs.async() + syncs.sync()).toBe(0);
    await Promise.all([journal.whenDurable(), journal.whenDurable()]);
    expect(syncs.async()).toBe(1);
    expect(syncs.sync()).toBe(0);
    journal.close();
    expect(syncs.sync()).toBe(0); // close found nothing left to sync
    expect(readJournal(file).events.map((e) => e.type)).toEqual(['stage.started', 'stage.finished', 'stage.finished', 'stage.finished']);
  });

  it('events appended while a sync is in flight share the next one', async () => {
    const { journal } = openJournal();
    const syncs = countSyncs();
    journal.append(finished('a', 1, 'succeeded'), { durable: 'shared' });
    const first = journal.whenDurable();
    journal.append(finished('b', 1, 'succeeded'), { durable: 'shared' });
    journal.append(finished('c', 1, 'succeeded'), { durable: 'shared' });
    const second = journal.whenDurable();
    await Promise.all([first, second]);
    expect(syncs.async()).toBe(2);
    journal.close();
  });

  it('an immediate durable append covers pending shared events', async () => {
    const { journal } = openJournal();
    const syncs = countSyncs();
    journal.append(finished('a', 1, 'succeeded'), { durable: 'shared' });
    journal.append({ type: 'run.finished', status: 'succeeded', reason: null });
    await journal.whenDurable();
    expect(syncs.sync()).toBe(1);
    expect(syncs.async()).toBe(0);
    journal.close();
  });

  it('a failed group sync rejects with a store error naming the file and errno, and so does every later sync', async () => {
    const { journal, file } = openJournal();
    vi.spyOn(fs, 'fdatasync').mockImplementation(((_fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
      const error = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
      setImmediate(() => callback(error));
    }) as typeof fs.fdatasync);
    journal.append(finished('a', 1, 'succeeded'), { durable: 'shared' });
    const failure = await journal.whenDurable().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RunStoreError);
    expect((failure as RunStoreError).message).toContain(file);
    expect((failure as RunStoreError).message).toContain('EIO');
    expect((failure as RunStoreError).cause).toMatchObject({ code: 'EIO' });
    await expect(journal.whenDurable()).rejects.toBe(failure);
    expect(() => journal.append({ type: 'run.finished', status: 'succeeded', reason: null })).toThrow(RunStoreError);
  });
});
