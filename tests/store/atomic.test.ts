import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FlowstateError, NotFoundError } from '../../src/errors/index.js';
import { readManifest, RunStoreError, runPaths, writeFileAtomic, writeManifest } from '../../src/store/index.js';
import { expectValidManifest, sampleManifest, tempDir } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary files', () => {
    const dir = tempDir();
    const file = path.join(dir, 'state.json');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two');
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
  });

  it('keeps the old content and cleans up when a write fails (disk full)', () => {
    const dir = tempDir();
    const file = path.join(dir, 'state.json');
    writeFileAtomic(file, 'old content');
    vi.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    let caught: unknown;
    try {
      writeFileAtomic(file, 'new content');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RunStoreError);
    expect((caught as RunStoreError).message).toContain(file);
    expect((caught as RunStoreError).message).toContain('ENOSPC');
    expect((caught as RunStoreError).exitCode).toBe(1);
    expect((caught as RunStoreError).cause).toBeInstanceOf(Error);
    vi.restoreAllMocks();
    expect(fs.readFileSync(file, 'utf8')).toBe('old content');
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
  });

  it('fails with the path when the directory does not exist', () => {
    const file = path.join(tempDir(), 'missing', 'x.json');
    expect(() => writeFileAtomic(file, '{}')).toThrow(RunStoreError);
    expect(() => writeFileAtomic(file, '{}')).toThrow(file);
  });
});

describe('manifest files', () => {
  it('round-trips a manifest that matches the schema', () => {
    const paths = runPaths(tempDir(), 'demo', '20261121-103000-k3f9');
    const manifest = sampleManifest('20261121-103000-k3f9');
    writeManifest(paths, manifest);
    expectValidManifest(JSON.parse(fs.readFileSync(paths.manifest, 'utf8')));
    expect(readManifest(paths)).toEqual(manifest);
  });

  it('reports a missing manifest as NotFoundError naming the path', () => {
    const paths = runPaths(tempDir(), 'demo', 'r1');
    expect(() => readManifest(paths)).toThrow(NotFoundError);
    expect(() => readManifest(paths)).toThrow(paths.manifest);
  });

  it('reports a truncated manifest as corrupt JSON', () => {
    const paths = runPaths(tempDir(), 'demo', 'r1');
    fs.mkdirSync(paths.dir, { recursive: true });
    fs.writeFileSync(paths.manifest, '{"schema_version":1,"run_id":');
    expect(() => readManifest(paths)).toThrow(RunStoreError);
    expect(() => readManifest(paths)).toThrow(/corrupt manifest .*manifest\.json: not JSON/);
  });

  it('says which field of a manifest is wrong', () => {
    const paths = runPaths(tempDir(), 'demo', 'r1');
    const manifest = { ...sampleManifest('r1'), status: 'exploded' };
    fs.mkdirSync(paths.dir, { recursive: true });
    fs.writeFileSync(paths.manifest, JSON.stringify(manifest));
    let caught: unknown;
    try {
      readManifest(paths);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FlowstateError);
    expect((caught as Error).message).toContain(paths.manifest);
    expect((caught as Error).message).toMatch(/\/status: must be equal to one of the allowed values/);
  });
});
