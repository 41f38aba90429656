// A run's state as its journal says it is: manifest.json when it is up to date, else rebuilt
// from events.jsonl (the durable record). The manifest lags the journal after a kill or a
// failed write, and may be missing; read-only commands must still show the truth.
import fs from 'node:fs';
import { NotFoundError } from '../errors/index.js';
import type { JournalEvent, RunManifest, RunStartedEvent } from '../model/index.js';
import { RunStoreError, describeError, errnoCode } from './errors.js';
import { parseJournalLine, readJournal } from './journal-read.js';
import { newManifest, readManifest } from './manifest.js';
import type { RunPaths } from './paths.js';
import { rebuildManifestFromJournal } from './rebuild.js';

const TAIL_CHUNK = 64 * 1024;

/** Seq of the last committed journal event (reads only the end of the file); 0 when there is none. */
export function lastJournalSeq(file: string): number {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 0;
    throw new RunStoreError(file, `cannot read journal ${file}: ${describeError(error)}`, { cause: error });
  }
  try {
    const size = fs.fstatSync(fd).size;
    for (let want = TAIL_CHUNK; ; want *= 4) {
      const length = Math.min(size, want);
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, size - length);
      const end = buffer.lastIndexOf(0x0a);
      if (end === -1 && length === size) return 0;
      const start = end === -1 ? -1 : buffer.lastIndexOf(0x0a, end - 1);
      if (start !== -1 || length === size) {
        const line = buffer.toString('utf8', start + 1, end);
        return line.trim() === '' ? 0 : parseJournalLine(line, file, 0).seq;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The manifest a rebuild starts from: run.started's identity, every known stage pending. */
export function manifestBase(started: RunStartedEvent, stageIds: string[], xstateVersion: string): RunManifest {
  const base = newManifest({
    runId: started.run_id,
    pipeline: started.pipeline,
    stageIds,
    inputs: started.inputs,
    parentRun: started.parent_run,
    xstateVersion,
  });
  base.created_at = started.ts;
  return base;
}

/** Rebuilds a manifest from journal events, keeping stage order and the snapshot of `previous`. */
export function manifestFromEvents(events: readonly JournalEvent[], previous: RunManifest | null): RunManifest | null {
  const started = events.find((e): e is RunStartedEvent => e.type === 'run.started');
  if (!started) return null;
  const base = manifestBase(started, previous ? Object.keys(previous.stages) : [], previous?.machine.xstate_version ?? '');
  if (previous) Object.assign(base, { machine: previous.machine, pid: previous.pid, host: previous.host });
  return rebuildManifestFromJournal(events, base);
}

/** The run's manifest, rebuilt from the journal when the file is missing, unreadable or behind it. */
export function currentManifest(paths: RunPaths): RunManifest {
  let manifest: RunManifest | null = null;
  let problem: unknown = null;
  try {
    manifest = readManifest(paths);
  } catch (error) {
    if (!(error instanceof RunStoreError || error instanceof NotFoundError)) throw error;
    problem = error;
  }
  if (manifest && (manifest.journal_seq ?? 0) >= lastJournalSeq(paths.journal)) return manifest;
  const rebuilt = manifestFromEvents(readJournal(paths.journal).events, manifest);
  if (rebuilt) return rebuilt;
  if (manifest) return manifest;
  throw problem;
}
