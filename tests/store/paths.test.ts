import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors/index.js';
import { cachePath, logPath, logRelPath, outputPath, runPaths } from '../../src/store/index.js';

describe('runPaths', () => {
  it('lays out a run directory under runsDir (absolute)', () => {
    const p = runPaths('rel/.runs', 'build-test', '20261121-103000-k3f9');
    const dir = path.resolve('rel/.runs/build-test/20261121-103000-k3f9');
    expect(p).toEqual({
      dir,
      manifest: path.join(dir, 'manifest.json'),
      journal: path.join(dir, 'events.jsonl'),
      logs: path.join(dir, 'logs'),
      lock: path.join(dir, 'lock'),
      outputs: path.join(dir, 'outputs'),
      decisions: path.join(dir, 'decisions'),
    });
  });

  it.each([
    ['..', 'r1'],
    ['p', '../x'],
    ['p', '..'],
    ['a/b', 'r1'],
    ['p', '/etc'],
    ['.cache', 'r1'],
  ])('refuses pipeline %j run %j', (pipeline, runId) => {
    expect(() => runPaths('/tmp/runs', pipeline, runId)).toThrow(UsageError);
  });
});

describe('log and cache paths', () => {
  const paths = runPaths('/tmp/runs', 'demo', 'r1');

  it('names logs <stage>.<attempt>.log', () => {
    expect(logRelPath('build', 2)).toBe('logs/build.2.log');
    expect(logPath(paths, 'build', 2)).toBe('/tmp/runs/demo/r1/logs/build.2.log');
    expect(outputPath(paths, 'build', 2)).toBe('/tmp/runs/demo/r1/outputs/build.2');
  });

  it('refuses bad stage ids and attempts', () => {
    expect(() => logRelPath('../evil', 1)).toThrow(UsageError);
    expect(() => logRelPath('build', 0)).toThrow(UsageError);
    expect(() => logRelPath('build', 1.5)).toThrow(UsageError);
  });

  it('puts the fingerprint cache under .cache', () => {
    expect(cachePath('/tmp/runs', 'demo', 'build')).toBe('/tmp/runs/.cache/demo/build.json');
    expect(() => cachePath('/tmp/runs', 'demo', '../../x')).toThrow(UsageError);
  });
});
