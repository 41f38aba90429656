// Shared fixtures of the store tests: temp dirs and sample manifests/events.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import type { EventDraft, JournalEvent, RunManifest } from '../../src/model/index.js';
import { Journal, newManifest, readJournal, runPaths, validateEvent, validateManifest } from '../../src/store/index.js';

const created: string[] = [];

afterEach(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp directory, removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowstate-store-'));
  created.push(dir);
  return dir;
}

/** A valid manifest for a new run of `pipeline` with the given stages. */
export function sampleManifest(runId: string, stageIds: string[] = ['build', 'test'], pipeline = 'demo', now?: Date): RunManifest {
  return newManifest({
    runId,
    pipeline: { name: pipeline, file: `pipelines/${pipeline}.yaml`, hash: 'sha256:abc' },
    stageIds,
    inputs: { env: 'dev' },
    xstateVersion: '5.33.3',
    now,
  });
}

/** Asserts that a manifest matches schemas/manifest.schema.json. */
export function expectValidManifest(m: unknown): void {
  expect(validateManifest(m)).toEqual([]);
}

/** Asserts that every event of a journal file matches schemas/event.schema.json. */
export function expectValidJournal(file: string): JournalEvent[] {
  const { events, tornTail } = readJournal(file);
  expect(tornTail).toBe(false);
  for (const event of events) expect(validateEvent(event), JSON.stringify(event)).toEqual([]);
  return events;
}

/** The draft of one event type. */
export type DraftOf<T extends EventDraft['type']> = Extract<EventDraft, { type: T }>;

/** A finished command stage attempt. */
export function finished(stage: string, attempt: number, status: 'succeeded' | 'failed', outputs = {}): DraftOf<'stage.finished'> {
  return {
    type: 'stage.finished',
    stage,
    attempt,
    status,
    exit_code: status === 'succeeded' ? 0 : 1,
    signal: null,
    duration_ms: 12,
    outputs,
    log: `logs/${stage}.${attempt}.log`,
    reason: status === 'failed' ? 'exit code 1' : null,
  };
}

/** A started command stage attempt. */
export function started(stage: string, attempt: number): DraftOf<'stage.started'> {
  return { type: 'stage.started', stage, attempt, runtime_id: null, pid: 1234 };
}

/** Writes drafts through a real Journal of run `runId` and reads them back (validated). */
export function journalOf(drafts: EventDraft[], runId: string, pipeline = 'demo'): JournalEvent[] {
  const paths = runPaths(tempDir(), pipeline, runId);
  const journal = Journal.open(paths, runId);
  for (const draft of drafts) journal.append(draft);
  journal.close();
  return expectValidJournal(paths.journal);
}

/** Agent usage of one attempt. */
export function usage(input: number, output: number, cost: number): { input_tokens: number; output_tokens: number; cost_usd: number } {
  return { input_tokens: input, output_tokens: output, cost_usd: cost };
}
