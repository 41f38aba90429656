// Hot reload of the pipeline file: invalid saves keep the last good version; half-written
// saves are re-read before an error is reported.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_QUIET_MS, quietTimeOf } from '../../src/api/watch.js';
import { MAX_EVENT_LAG_MS } from '../../src/watch/fs-watcher.js';
import { makeProject, pipelineYaml } from '../e2e/helpers.js';
import { save, waitFor, WatchProbe } from './helpers.js';

const probes: WatchProbe[] = [];
afterEach(async () => {
  for (const probe of probes.splice(0)) await probe.handle?.close();
});

const version = (n: number): string => pipelineYaml('p', `  s:\n    run: echo v${n} >> ran.log\n    sources: [a.txt]\n`);

async function start(options: Partial<Parameters<WatchProbe['start']>[0]> = {}): Promise<WatchProbe> {
  const probe = new WatchProbe(makeProject({ 'p.yaml': version(1), 'a.txt': 'a' }));
  probes.push(probe);
  await probe.start({ pipeline: 'p.yaml', ...options });
  await probe.finishedRuns(1);
  return probe;
}

const ranLog = (probe: WatchProbe): string => readFileSync(join(probe.dir, 'ran.log'), 'utf8');

describe('quiet time before a run', () => {
  it('is the debounce after source changes, at least CONFIG_QUIET_MS after config changes', () => {
    expect(quietTimeOf('source', 20)).toBe(20);
    expect(quietTimeOf('config', 20)).toBe(CONFIG_QUIET_MS);
    expect(quietTimeOf('config', 0)).toBe(CONFIG_QUIET_MS);
    expect(quietTimeOf('config', 400)).toBe(400);
  });
});

describe('hot reload', () => {
  it('shows file:line:col errors for an invalid save, keeps the last good version, runs the next valid save', async () => {
    const probe = await start({ reloadRetryMs: 50 });
    save(probe.dir, 'p.yaml', 'version: 1\nname: p\nstages:\n  s:\n    run: [unclosed\n');
    const invalid = await waitFor('watch.invalid', () => probe.of('watch.invalid')[0]);
    expect(invalid.files).toEqual(['p.yaml']);
    expect(invalid.diagnostics[0]).toMatchObject({ file: 'p.yaml', severity: 'error' });
    expect(invalid.diagnostics[0].line).toBeGreaterThan(1);
    // A source change still runs the last good version.
    save(probe.dir, 'a.txt', 'a2');
    await probe.finishedRuns(2);
    expect(ranLog(probe)).toBe('v1\nv1\n');
    save(probe.dir, 'p.yaml', version(2));
    await probe.finishedRuns(3);
    expect(probe.of('watch.reloaded')).toHaveLength(1);
    expect(ranLog(probe)).toBe('v1\nv1\nv2\n');
    expect(probe.runs()[2].changed).toEqual(['p.yaml']);
  });

  it('waits at least CONFIG_QUIET_MS after a pipeline change, whatever the debounce', async () => {
    const probe = await start({ debounceMs: 0 });
    const savedAt = performance.now();
    save(probe.dir, 'p.yaml', version(2));
    await waitFor('watch.changed', () => probe.of('watch.changed')[0]);
    // A lower bound only (a loaded machine makes it later, never sooner); the change may be
    // dated back by its mtime up to MAX_EVENT_LAG_MS.
    expect(performance.now() - savedAt).toBeGreaterThanOrEqual(CONFIG_QUIET_MS - MAX_EVENT_LAG_MS);
    await probe.finishedRuns(2);
    expect(ranLog(probe)).toBe('v1\nv2\n');
  });

  it('re-reads a half-written save before reporting an error', async () => {
    const probe = await start({ debounceMs: 10, reloadRetryMs: 1500 });
    const full = version(2);
    save(probe.dir, 'p.yaml', full.slice(0, full.indexOf('[a.txt]') + 3)); // an unclosed flow sequence
    await delay(200);
    save(probe.dir, 'p.yaml', full);
    await probe.finishedRuns(2);
    expect(probe.of('watch.invalid')).toEqual([]);
    expect(ranLog(probe)).toBe('v1\nv2\n');
  });

  it('reloads a changed orchestrator.yaml and keeps the old one while it is invalid', async () => {
    const probe = await start({ reloadRetryMs: 50 });
    save(probe.dir, 'orchestrator.yaml', 'version: 1\nruns_dir: [oops\n');
    const invalid = await waitFor('watch.invalid', () => probe.of('watch.invalid')[0]);
    expect(invalid.files).toEqual(['orchestrator.yaml']);
    save(probe.dir, 'orchestrator.yaml', 'version: 1\nruns_dir: other-runs\n');
    const run = await probe.startedRuns(2);
    expect(run.run_dir.startsWith(join(probe.dir, 'other-runs'))).toBe(true);
    await probe.finishedRuns(2);
  });
});
