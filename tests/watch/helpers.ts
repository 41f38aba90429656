// Helpers of the watch tests: an in-process watch that records its events, and waits on them.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { watchPipeline, type WatchHandle, type WatchOptions } from '../../src/api/watch.js';
import type { WatchEvent } from '../../src/watch/index.js';

// A server that ignores SIGTERM and starts a child that ignores it too; it records
// "<pid> <child pid>" in pids-<run id>.
export const SERVER = '#!/bin/sh\ntrap "" TERM\nsh -c \'trap "" TERM; while :; do sleep 1; done\' &\necho "$$ $!" > "pids-$FLOWSTATE_RUN_ID"\nwhile :; do sleep 1; done\n';

/** Generous: the suite runs on loaded 2-core machines. */
export const WAIT_MS = 20_000;

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

type RunEvent = Extract<WatchEvent, { type: 'watch.run' }>;
type Finished = Extract<WatchEvent, { type: 'watch.run_finished' }>;

/** A watch started in-process, with everything it emitted. */
export class WatchProbe {
  readonly events: WatchEvent[] = [];
  handle!: WatchHandle;

  constructor(readonly dir: string) {}

  /** Starts watching `pipeline` in the probe's directory. */
  async start(options: Partial<WatchOptions> & { pipeline: string }): Promise<this> {
    this.handle = await watchPipeline({ cwd: this.dir, killGraceMs: 300, ...options, onEvent: (e) => this.events.push(e) });
    return this;
  }

  runs(): RunEvent[] {
    return this.events.filter((e): e is RunEvent => e.type === 'watch.run');
  }

  finished(): Finished[] {
    return this.events.filter((e): e is Finished => e.type === 'watch.run_finished');
  }

  of<T extends WatchEvent['type']>(type: T): Extract<WatchEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<WatchEvent, { type: T }> => e.type === type);
  }

  /** Waits until `count` runs have finished; returns the last of them. */
  async finishedRuns(count: number): Promise<Finished> {
    return waitFor(`${count} finished run(s)`, () => this.finished()[count - 1]);
  }

  /** Waits until `count` runs have started; returns the last of them. */
  async startedRuns(count: number): Promise<RunEvent> {
    return waitFor(`${count} started run(s)`, () => this.runs()[count - 1]);
  }
}

/** Writes a file in place (truncate + write), as most editors do. */
export function save(dir: string, name: string, text: string): void {
  writeFileSync(join(dir, name), text);
}

/** Saves like vim/emacs with backups off: a temporary file renamed over the original. */
export function renameSave(dir: string, name: string, text: string): void {
  writeFileSync(join(dir, `${name}.tmp`), text);
  renameSync(join(dir, `${name}.tmp`), join(dir, name));
}
