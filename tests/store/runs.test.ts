import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotFoundError, UsageError } from '../../src/errors/index.js';
import type { RunManifest, RunStatus } from '../../src/model/index.js';
import { acquireLock, effectiveStatus, findRun, latestRun, listRuns, runPaths, writeManifest } from '../../src/store/index.js';
import { expectValidManifest, sampleManifest, tempDir } from './helpers.js';

function makeRun(runsDir: string, pipeline: string, runId: string, createdAt: string, status: RunStatus = 'succeeded'): RunManifest {
  const manifest = sampleManifest(runId, ['build'], pipeline, new Date(createdAt));
  manifest.status = status;
  manifest.finished_at = status === 'running' ? null : createdAt;
  expectValidManifest(manifest);
  writeManifest(runPaths(runsDir, pipeline, runId), manifest);
  return manifest;
}

function fixture(): string {
  const dir = tempDir();
  makeRun(dir, 'build', '20260101-100000-aaaa', '2026-01-01T10:00:00.000Z');
  makeRun(dir, 'deploy', '20260102-100000-bbbb', '2026-01-02T10:00:00.000Z', 'failed');
  makeRun(dir, 'build', '20260103-100000-cccc', '2026-01-03T10:00:00.000Z', 'running');
  fs.mkdirSync(path.join(dir, '.cache', 'build'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'build', '20260104-100000-dddd')); // no manifest yet: not a run
  return dir;
}

describe('effectiveStatus', () => {
  it('reads running without a live owner as interrupted, nothing else', () => {
    const m = sampleManifest('r1');
    expect(effectiveStatus(m, true)).toBe('running');
    expect(effectiveStatus(m, false)).toBe('interrupted');
    for (const status of ['awaiting_approval', 'succeeded', 'failed', 'needs_review', 'cancelled'] as const) {
      expect(effectiveStatus({ ...m, status }, false)).toBe(status);
    }
  });
});

describe('listRuns', () => {
  it('lists runs newest first with interrupted for running runs without a lock', () => {
    const dir = fixture();
    expect(listRuns(dir).map((r) => [r.pipeline, r.run_id, r.status])).toEqual([
      ['build', '20260103-100000-cccc', 'interrupted'],
      ['deploy', '20260102-100000-bbbb', 'failed'],
      ['build', '20260101-100000-aaaa', 'succeeded'],
    ]);
    const [first] = listRuns(dir, { pipeline: 'deploy' });
    expect(first).toEqual({
      run_id: '20260102-100000-bbbb',
      pipeline: 'deploy',
      status: 'failed',
      created_at: '2026-01-02T10:00:00.000Z',
      finished_at: '2026-01-02T10:00:00.000Z',
      dir: path.join(dir, 'deploy', '20260102-100000-bbbb'),
    });
  });

  it('shows running while a live process (or another host) holds the lock', () => {
    const dir = fixture();
    const paths = runPaths(dir, 'build', '20260103-100000-cccc');
    const lock = acquireLock(paths);
    expect(listRuns(dir, { pipeline: 'build' })[0].status).toBe('running');
    lock.release();
    fs.writeFileSync(paths.lock, JSON.stringify({ pid: 1, host: `not-${os.hostname()}`, started_at: new Date().toISOString() }));
    expect(listRuns(dir, { pipeline: 'build' })[0].status).toBe('running');
  });

  it('is empty for a missing runs directory or unknown pipeline', () => {
    expect(listRuns(path.join(tempDir(), 'none'))).toEqual([]);
    expect(listRuns(fixture(), { pipeline: 'nope' })).toEqual([]);
    expect(() => listRuns(fixture(), { pipeline: '../x' })).toThrow(UsageError);
  });

  it('leaves out runs whose manifest is corrupt', () => {
    const dir = fixture();
    fs.writeFileSync(runPaths(dir, 'deploy', '20260102-100000-bbbb').manifest, '{');
    expect(listRuns(dir).map((r) => r.run_id)).toEqual(['20260103-100000-cccc', '20260101-100000-aaaa']);
  });
});

describe('latestRun', () => {
  it('finds the newest run overall and per pipeline', () => {
    const dir = fixture();
    expect(latestRun(dir)?.dir).toBe(path.join(dir, 'build', '20260103-100000-cccc'));
    expect(latestRun(dir, 'deploy')?.dir).toBe(path.join(dir, 'deploy', '20260102-100000-bbbb'));
    expect(latestRun(dir, 'nope')).toBeNull();
    expect(latestRun(path.join(tempDir(), 'none'))).toBeNull();
  });

  it('breaks ties within one second by created_at', () => {
    const dir = tempDir();
    makeRun(dir, 'build', '20260105-100000-zzzz', '2026-01-05T10:00:00.100Z');
    makeRun(dir, 'build', '20260105-100000-aaaa', '2026-01-05T10:00:00.900Z');
    expect(path.basename(latestRun(dir)?.dir ?? '')).toBe('20260105-100000-aaaa');
  });
});

describe('findRun', () => {
  it('finds a run in any pipeline', () => {
    const dir = fixture();
    expect(findRun(dir, '20260102-100000-bbbb')).toEqual(runPaths(dir, 'deploy', '20260102-100000-bbbb'));
  });

  it('throws NotFoundError listing the closest ids', () => {
    const dir = fixture();
    let caught: unknown;
    try {
      findRun(dir, '20260102-100000-bbbx');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotFoundError);
    expect((caught as NotFoundError).message).toMatch(/closest: 20260102-100000-bbbb/);
    expect(() => findRun(dir, '20260103')).toThrow(/closest: 20260103-100000-cccc/);
  });

  it('checks the id before touching the file system', () => {
    expect(() => findRun(fixture(), '../build')).toThrow(UsageError);
  });
});
